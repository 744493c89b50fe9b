const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

/** The webpack build every app shares: a Node bundle of src/main.ts in dist/apps/<name> (`options`: more for NxAppWebpackPlugin). */
module.exports = function appWebpackConfig(name, options = {}) {
  return {
    output: {
      path: join(__dirname, 'dist/apps', name),
      clean: true,
      ...(process.env.NODE_ENV !== 'production' && {
        devtoolModuleFilenameTemplate: '[absolute-resource-path]',
      }),
    },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: true,
        sourceMap: true,
        ...options,
      }),
    ],
  };
};
