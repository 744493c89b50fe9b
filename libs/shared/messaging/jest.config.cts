module.exports = {
  displayName: 'messaging',
  preset: '../../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../../coverage/libs/shared/messaging',
  // These suites kill brokers mid-request on purpose. kafkajs (no longer maintained) can keep a retry
  // timer alive after its client is disconnected (tulios/kafkajs#1147, #1438), and once that held a CI
  // run open after every test here had passed. Results are unaffected; the run must still end.
  forceExit: true,
};
