import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SigningKey } from '@escalation-hub/audit-application';

/** Public on purpose: anyone holding an export or a copy of the store can check the hub's signatures. */
@ApiTags('audit')
@Controller('v1/audit')
export class IntegrityController {
  constructor(private readonly key: SigningKey) {}

  @Get('public-key')
  @ApiOperation({ summary: "The Ed25519 public key that signs the hub's integrity checkpoints" })
  publicKey() {
    return { algorithm: 'Ed25519', publicKeyPem: this.key.publicKeyPem, fingerprint: this.key.fingerprint };
  }
}
