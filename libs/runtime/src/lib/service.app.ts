import { DynamicModule, InjectionToken, Module, ModuleMetadata, Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { strictValidationPipe } from '@escalation-hub/casework-use-cases';
import { CaseworkConfig, loadCaseworkConfig } from '@escalation-hub/casework-application';
import { ConfigError, HubConfig, JsonLogger, loadHubConfig, PlatformModule, useApiHeaders, useJsonBody } from '@escalation-hub/platform';
import { assertDistributedConfig } from './service-infrastructure.module';

/** Builds a hub process (the embedded hub or one service) from its root module; not yet listening. */
export async function createServiceApp(
  root: DynamicModule,
  logger: JsonLogger,
  api: { title: string; description: string },
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(root, { logger, bodyParser: false });
  return configureServiceApp(app, api, app.get(HubConfig));
}

/** What every hub process's app gets: JSON bodies, strict validation, the OpenAPI document, shutdown hooks. */
export function configureServiceApp(
  app: NestExpressApplication,
  api: { title: string; description: string },
  config: HubConfig,
): NestExpressApplication {
  // Behind a proxy the operator names (HUB_TRUST_PROXY), the client's address and HTTPS come from its
  // X-Forwarded-* headers: access logs, sign-in throttling and Secure cookies then see the real client.
  if (config.trustProxy)
    app.set('trust proxy', /^\d$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy.split(/\s*,\s*/));
  useApiHeaders(app);
  useJsonBody(app);
  app.disable('x-powered-by');
  app.useGlobalPipes(strictValidationPipe());
  const openApi = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(api.title)
      .setDescription(api.description)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A token issued with `npm run hub -- token issue`' })
      .build(),
  );
  SwaggerModule.setup('v1/docs', app, openApi, { jsonDocumentUrl: 'v1/openapi.json', raw: ['json'] });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  return app;
}

/** Starts the HTTP server and arranges a bounded graceful shutdown. */
export async function serve(app: NestExpressApplication, config: HubConfig, logger: JsonLogger, name = 'Escalation Hub'): Promise<void> {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.pino.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'Shutting down: finishing in-flight requests');
      // If in-flight work does not finish in time, leave anyway rather than hang the deployment.
      setTimeout(() => {
        logger.pino.error('Shutdown timed out; exiting');
        process.exit(1);
      }, config.shutdownTimeoutMs).unref();
    });
  }
  await app.listen(config.port);
  logger.pino.info({ port: config.port, dataDir: config.dataDir }, `${name} is listening`);
}

/** What a hub process reads from its environment: the platform's settings, and casework's as `casework`. */
export type ProcessConfig = HubConfig & { readonly casework: CaseworkConfig };

/** Reads both; every bad variable (and a bank-holiday file it cannot use) is reported in one ConfigError. */
export function loadProcessConfig(env: NodeJS.ProcessEnv): ProcessConfig {
  const problems: string[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const platform = attempt(() => loadHubConfig(env));
  const casework = attempt(() => loadCaseworkConfig(env));
  if (!platform || !casework) throw new ConfigError(problems);
  return Object.assign(platform, { casework });
}

/**
 * Reads and checks the configuration (the bank-holiday file too, and `check`'s own rules); a bad
 * value stops the process with exit 78 (EX_CONFIG) and a message naming the variable.
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv, check?: (config: ProcessConfig) => void): ProcessConfig {
  try {
    const config = loadProcessConfig(env);
    check?.(config);
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nThe process did not start. See README.md, "Configuration".\n`);
    process.exit(78); // EX_CONFIG
  }
}

/** The last word of a process that failed to start. */
export function exitOnStartFailure(what: string) {
  return (error: unknown): never => {
    process.stderr.write(`${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  };
}

@Module({})
class ConfigHolder {}

/**
 * The root module of a hub process: its config, JSON logs, health and metrics, the CQRS buses, its
 * infrastructure (ServiceInfrastructureModule) and the feature modules it serves.
 */
export function processRoot(
  root: Type,
  options: {
    config: ProcessConfig;
    logger: JsonLogger;
    infrastructure: DynamicModule;
    /** Tokens of health indicators, exported by `infrastructure` or by one of `healthModules`. */
    healthIndicators: InjectionToken[];
    healthModules?: DynamicModule[];
    features: NonNullable<ModuleMetadata['imports']>;
  },
): DynamicModule {
  return {
    module: root,
    imports: [
      {
        module: ConfigHolder,
        global: true,
        providers: [
          { provide: HubConfig, useValue: options.config },
          { provide: CaseworkConfig, useValue: options.config.casework },
        ],
        exports: [HubConfig, CaseworkConfig],
      },
      PlatformModule.forRoot({
        logger: options.logger,
        imports: [options.infrastructure, ...(options.healthModules ?? [])],
        healthIndicators: options.healthIndicators,
      }),
      CqrsModule.forRoot(),
      ...options.features,
    ],
  };
}

/** Starts one distributed service: its config checked (exit 78 if it lacks a shared store or a broker), then served. */
export function startService(options: {
  service: string;
  root: (config: ProcessConfig, logger: JsonLogger) => DynamicModule;
  title: string;
  description: string;
}): void {
  const start = async () => {
    const config = loadConfigOrExit(process.env, (loaded) => assertDistributedConfig(loaded, options.service));
    const logger = new JsonLogger(config.logLevel, options.service);
    const app = await createServiceApp(options.root(config, logger), logger, { title: options.title, description: options.description });
    await serve(app, config, logger, `The ${options.service} service`);
  };
  start().catch(exitOnStartFailure(`The ${options.service} service failed to start`));
}
