import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { SigningKey } from '@escalation-hub/audit-application';

/** Public on purpose: anyone holding an export or a copy of the store can check the hub's signatures. */
@ApiTags('audit')
@Controller('v1/audit')
export class IntegrityController {
  constructor(private readonly key: SigningKey) {}

  @Get('public-key')
  @ApiOperation({
    summary: "The Ed25519 public key that signs the hub's integrity checkpoints and evidence bundles; ?format=pem for the bare PEM file",
  })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'pem'] })
  publicKey(@Query('format') format: string | undefined, @Res({ passthrough: true }) response: Response) {
    if (format === 'pem') {
      response.type('application/x-pem-file');
      return this.key.publicKeyPem;
    }
    return { algorithm: 'Ed25519', publicKeyPem: this.key.publicKeyPem, fingerprint: this.key.fingerprint };
  }
}
