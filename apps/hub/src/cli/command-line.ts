import { parseArgs } from 'node:util';
import { PEOPLE_ROLES, ROLES } from '@escalation-hub/casework-domain';
import { TokenRole, TokenStoreError, UserRole, UserStoreError } from '@escalation-hub/identity';
import { openHubStorage, ProcessConfig, StoreUrlError } from '@escalation-hub/runtime';
import { StoreCopyError } from '@escalation-hub/event-store';
import type { HubConfig } from '@escalation-hub/platform';
import { runDemo } from './demo';
import { witnessCommand } from './witness.command';
import {
  migrateStoreCommand,
  rebuildProjectionsCommand,
  replayCommand,
  rotateKeyCommand,
  verifyAllCommand,
  verifyBundleCommand,
} from './operator.commands';

const USAGE = `Usage: npm run hub -- <command>

  serve                                     run the hub (what npm start does)
  token issue --role <role> --name <name> [--provider <code>]
                                            print a new bearer token (roles: ${ROLES.join(', ')})
  token revoke <name-or-id>                 revoke a token at once
  token list                                list tokens (never the tokens themselves)
  user add --role <role> --name <name>      add a person who signs in to the web interface (roles:
                                            ${PEOPLE_ROLES.join(', ')}); the password is read from
                                            standard input (piped), or asked for
  user set-password --name <name>           give a person a new password (read the same way) and
                                            end their sessions
  demo                                      load a realistic data set into ./data-demo (or HUB_DATA_DIR),
                                            print a token per role, then serve it
  replay <crn> [--as-of <time>]             print a case's timeline and check its hash chain
  rebuild-projections                       empty every read model and replay all events into it
                                            (with the hub stopped)
  verify --all [--public-key <file>]… [--witness <dir>]… [--witness-key <vkey>]… [--journal <file>]
                                            check every chain, the Merkle tree over all events, every
                                            signed checkpoint (store, journal, witnesses) and that
                                            none is missing; recorded cosignatures count only for the
                                            witnesses named by --witness-key (default: HUB_WITNESS_KEYS)
  verify-bundle <file> [--public-key <file>]… [--keys <file>]
                                            check an exported evidence bundle offline (no store needed);
                                            after a key rotation, --keys with the hub's key history
                                            (GET /v1/audit/public-keys) and one --public-key, the current key
  rotate-key [--new-key <file>]             (hub stopped) hand signing over to a new key: the old
                                            one signs a last checkpoint, both sign the hand-over
  witness --log <hub url> --dir <folder> [--log-key <vkey>] [--name <name>] [--once] [--interval <seconds>]
                                            run a witness: check each new checkpoint extends the last,
                                            keep it in <folder> and cosign it; --log-key and --name
                                            (default witness.local/w1) set up a new folder, --interval
                                            is the wait between checks (default 60)
  witness --listen [host:]<port> --dir <folder> [--log-key <vkey>] [--name <name>]
                                            the same witness, but the hub pushes each checkpoint
                                            to it (c2sp.org/tlog-witness; give the hub its URL in
                                            HUB_WITNESS_URLS): POST /add-checkpoint, GET /checkpoint
  migrate-store --from <url> --to <url>     copy every event into another engine and verify the copy
                                            (urls: sqlite:<folder>, postgres://…[?schema=…], kurrentdb://…);
                                            resumable: run it again after an interruption

Storage: HUB_STORE=sqlite (default, files in HUB_DATA_DIR) | postgres | kurrentdb, with HUB_STORE_URL.
`;

/** The hub's command line. Returns the exit code. Output meant for scripts goes to stdout only. */
export async function runCommandLine(argv: string[], config: ProcessConfig): Promise<number> {
  const [command, subcommand, ...rest] = argv;
  try {
    if (command === 'token') return await tokenCommand(subcommand, rest, config);
    if (command === 'user') return await userCommand(subcommand, rest, config);
    if (command === 'demo') return await runDemo(config);
    if (command === 'replay')
      return await replayCommand(
        [subcommand, ...rest].filter((arg) => arg !== undefined),
        config,
      );
    if (command === 'rebuild-projections') return await rebuildProjectionsCommand(config);
    if (command === 'migrate-store')
      return await migrateStoreCommand(
        [subcommand, ...rest].filter((arg) => arg !== undefined),
        config,
      );
    if (command === 'rotate-key') return await rotateKeyCommand([subcommand, ...rest].filter((arg) => arg !== undefined), config);
    if (command === 'witness') return await witnessCommand([subcommand, ...rest].filter((arg) => arg !== undefined));
    if (command === 'verify-bundle') return verifyBundleCommand([subcommand, ...rest].filter((arg) => arg !== undefined));
    if (command === 'verify')
      return await verifyAllCommand(
        [subcommand, ...rest].filter((arg) => arg !== undefined),
        config,
      );
    if (command === 'help' || command === '--help') process.stdout.write(USAGE);
    else process.stderr.write(`Unknown command: ${command}\n\n${USAGE}`);
    return command === 'help' || command === '--help' ? 0 : 64;
  } catch (error) {
    if (
      error instanceof TokenStoreError ||
      error instanceof UserStoreError ||
      error instanceof StoreUrlError ||
      (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      return 64; // EX_USAGE
    }
    if (error instanceof StoreCopyError) {
      process.stderr.write(`\n${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

async function tokenCommand(subcommand: string | undefined, args: string[], config: HubConfig): Promise<number> {
  const storage = await openHubStorage(config);
  const store = storage.tokens;
  try {
    switch (subcommand) {
      case 'issue': {
        const { values } = parseArgs({
          args,
          options: { role: { type: 'string' }, name: { type: 'string' }, provider: { type: 'string' } },
          strict: true,
        });
        if (!values.role || !values.name) throw new TokenStoreError('token issue needs --role and --name');
        const { token, record } = await store.issue({ role: values.role as TokenRole, name: values.name, provider: values.provider });
        process.stderr.write(
          `Issued ${record.role} token "${record.name}"${record.provider ? ` for ${record.provider}` : ''} (id ${record.tokenId}). It is shown once:\n`,
        );
        process.stdout.write(`${token}\n`);
        return 0;
      }
      case 'revoke': {
        const [idOrName] = args;
        if (!idOrName) throw new TokenStoreError('token revoke needs a token name or id');
        if (!(await store.revoke(idOrName))) {
          process.stderr.write(`No live token named or numbered ${idOrName}\n`);
          return 1;
        }
        process.stderr.write(`Revoked ${idOrName}\n`);
        return 0;
      }
      case 'list': {
        for (const token of await store.list()) {
          const status = token.revokedAt ? `revoked ${token.revokedAt}` : 'live';
          process.stdout.write(
            `${token.tokenId}  ${token.name.padEnd(20)} ${token.role.padEnd(15)} ${(token.provider ?? '').padEnd(8)} issued ${token.createdAt}  ${status}\n`,
          );
        }
        return 0;
      }
      default:
        throw new TokenStoreError(`Unknown token command: ${subcommand ?? '(none)'}`);
    }
  } finally {
    await storage.close();
  }
}

async function userCommand(subcommand: string | undefined, args: string[], config: HubConfig): Promise<number> {
  if (subcommand !== 'add' && subcommand !== 'set-password') throw new UserStoreError(`Unknown user command: ${subcommand ?? '(none)'}`);
  const { values } = parseArgs({ args, options: { role: { type: 'string' }, name: { type: 'string' } }, strict: true });
  if (subcommand === 'add' && (!values.role || !values.name)) throw new UserStoreError('user add needs --role and --name');
  if (!values.name) throw new UserStoreError('user set-password needs --name');
  const password = await readPassword(`Password for ${values.name} (at least 12 characters): `);
  const storage = await openHubStorage(config);
  try {
    if (subcommand === 'set-password') {
      await storage.users.setPassword(values.name, password);
      process.stderr.write(`New password set for "${values.name}"; their open sessions are ended\n`);
      return 0;
    }
    const { id } = await storage.users.add({ role: values.role as UserRole, name: values.name, password });
    process.stderr.write(`Added ${values.role} "${values.name}" (id ${id}); they sign in at /sign-in\n`);
    return 0;
  } finally {
    await storage.close();
  }
}

/** The first line of standard input when it is piped; otherwise asked for on the terminal, not echoed. */
async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    let input = '';
    for await (const chunk of process.stdin) input += String(chunk);
    return input.split(/\r?\n/)[0];
  }
  process.stderr.write(prompt);
  process.stdin.setRawMode(true);
  return new Promise((resolve) => {
    let typed = '';
    const onData = (chunk: Buffer) => {
      for (const character of chunk.toString('utf8')) {
        if (character === '\r' || character === '\n') {
          process.stdin.setRawMode(false);
          process.stdin.pause();
          process.stdin.off('data', onData);
          process.stderr.write('\n');
          return resolve(typed);
        }
        if (character === '\u0003') process.exit(130); // Ctrl-C
        typed = character === '\u007f' ? typed.slice(0, -1) : typed + character;
      }
    };
    process.stdin.on('data', onData);
    process.stdin.resume();
  });
}
