import 'reflect-metadata';
import { ConfigError, HubConfig, JsonLogger, loadHubConfig } from '@escalation-hub/platform';
import { createHub, serve } from './app/hub.app';
import { loadBankHolidays } from './app/bank-holidays';
import { runCommandLine } from './cli/command-line';

async function main(argv: string[]): Promise<void> {
  let config: HubConfig;
  try {
    config = loadHubConfig(
      argv[0] === 'demo' && !process.env['HUB_DATA_DIR'] ? { ...process.env, HUB_DATA_DIR: './data-demo' } : process.env,
    );
    loadBankHolidays(config.bankHolidaysFile); // read again by the hub; checked here so a bad file is a config error too
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nThe hub did not start. See README.md, "Configuration".\n`);
    process.exit(78); // EX_CONFIG
  }
  if (argv.length > 0 && argv[0] !== 'serve') {
    process.exitCode = await runCommandLine(argv, config);
    return;
  }
  const logger = new JsonLogger(config.logLevel);
  await serve(await createHub(config, logger), config, logger);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    const what = process.argv[2] && process.argv[2] !== 'serve' ? `The command "${process.argv[2]}" failed` : 'The hub failed to start';
    process.stderr.write(`${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
