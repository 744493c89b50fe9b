import 'reflect-metadata';
import { JsonLogger } from '@escalation-hub/platform';
import { exitOnStartFailure, loadConfigOrExit, serve } from '@escalation-hub/runtime';
import { createHub } from './app/hub.module';
import { runCommandLine } from './cli/command-line';

async function main(argv: string[]): Promise<void> {
  const config = loadConfigOrExit(
    argv[0] === 'demo' && !process.env['HUB_DATA_DIR'] ? { ...process.env, HUB_DATA_DIR: './data-demo' } : process.env,
  );
  if (argv.length > 0 && argv[0] !== 'serve') {
    process.exitCode = await runCommandLine(argv, config);
    return;
  }
  const logger = new JsonLogger(config.logLevel);
  await serve(await createHub(config, logger), config, logger);
}

if (require.main === module) {
  const command = process.argv[2];
  main(process.argv.slice(2)).catch(
    exitOnStartFailure(command && command !== 'serve' ? `The command "${command}" failed` : 'The hub failed to start'),
  );
}
