/**
 * The baseline for bench/http-escalations.bench.ts: a Nest endpoint with the same JSON body
 * parsing, DTO and strict validation as POST /v1/cases/{crn}/escalations, that stores nothing.
 */
import 'reflect-metadata';
import { Body, Controller, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RequestEscalationDto, strictValidationPipe } from '@escalation-hub/casework-use-cases';
import { useJsonBody } from '@escalation-hub/platform';

@Controller('v1/cases')
class NoopController {
  @Post(':crn/escalations')
  escalate(@Param('crn') crn: string, @Body() body: RequestEscalationDto) {
    return { escalationId: `esc-${body.requestId}`, crn, dueAt: new Date().toISOString(), revision: 0 };
  }
}

@Module({ controllers: [NoopController] })
class NoopModule {}

async function main() {
  const app = await NestFactory.create(NoopModule, { logger: false, bodyParser: false });
  useJsonBody(app);
  app.useGlobalPipes(strictValidationPipe());
  await app.listen(Number(process.env['PORT']));
  process.stdout.write('listening\n');
}

void main();
