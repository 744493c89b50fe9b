import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Post,
  Query,
  Res,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Response } from 'express';
import {
  appendCosignature,
  checkpointText,
  COSIGNATURE_STREAM,
  cosignatureOf,
  ED25519_SIGNATURE,
  fingerprintOf,
  noteVerifier,
  parseCheckpointText,
  parseNote,
  parseVerifierKey,
  readSignedRecords,
  RecordedCosignature,
  SignedTreeHead,
  SigningKey,
  TrustedKeys,
  VerifiableLog,
  verifiedCosignature,
} from '@escalation-hub/audit-application';
import { EventLog } from '@escalation-hub/event-store';
import { HubConfig, problem } from '@escalation-hub/platform';

const toInteger = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

export class CheckpointsQueryDto {
  @ApiPropertyOptional({ description: 'At most this many, newest first (1–100, default 20)' })
  @IsOptional()
  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'Only checkpoints of smaller trees than this (the next page: the last treeSize of this one)' })
  @IsOptional()
  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  beforeTreeSize?: number;
}

export class InclusionQueryDto {
  @ApiProperty({ description: 'The leaf: the event’s place in $all, counting from 0 (evidence bundles give it per event)' })
  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  leafIndex!: number;

  @ApiPropertyOptional({ description: 'A tree size, usually that of a signed checkpoint (default: the newest signed checkpoint)' })
  @IsOptional()
  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  treeSize?: number;
}

export class ConsistencyQueryDto {
  @ApiProperty({ description: 'The older tree size' })
  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  from!: number;

  @ApiPropertyOptional({ description: 'The newer tree size (default: the newest signed checkpoint)' })
  @IsOptional()
  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  to?: number;
}

export class CheckpointFormatDto {
  @ApiPropertyOptional({ enum: ['json', 'note'], description: 'note: the bare C2SP signed note, as witnesses and C2SP tools read it' })
  @IsOptional()
  @IsIn(['json', 'note'], { message: 'must be json or note' })
  format?: 'json' | 'note';
}

export class CosignatureDto {
  @ApiProperty({ description: "One of the hub's checkpoints as a C2SP signed note carrying the witness's cosignature line" })
  @IsString()
  @MaxLength(8192)
  note!: string;
}

const hex = (hashes: Buffer[]) => hashes.map((hash) => hash.toString('hex'));

/**
 * Public on purpose, as a transparency log's are: anyone holding an export or a copy of the store
 * can fetch the key, the signed checkpoints and proofs, and check the hub without trusting it.
 */
@ApiTags('audit')
@Controller('v1/audit')
export class IntegrityController {
  constructor(
    private readonly key: SigningKey,
    private readonly log: EventLog,
    private readonly config: HubConfig,
    @Inject(VerifiableLog) private readonly verifiable: VerifiableLog | null,
  ) {}

  @Get('public-key')
  @ApiOperation({
    summary:
      "The Ed25519 public key that signs the hub's checkpoints and evidence bundles, with its C2SP verifier key; ?format=pem for the bare PEM file",
  })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'pem'] })
  @ApiResponse({
    status: 200,
    description:
      '{ algorithm: Ed25519, publicKeyPem, fingerprint, origin, verifierKey, keyId }; ?format=pem: the bare PEM (application/x-pem-file). Any other format gives the JSON',
  })
  publicKey(@Query('format') format: string | undefined, @Res({ passthrough: true }) response: Response) {
    if (format === 'pem') {
      response.type('application/x-pem-file');
      return this.key.publicKeyPem;
    }
    const verifier = this.key.verifierFor(this.config.logOrigin);
    return {
      algorithm: 'Ed25519',
      publicKeyPem: this.key.publicKeyPem,
      fingerprint: this.key.fingerprint,
      origin: this.config.logOrigin,
      verifierKey: verifier.vkey,
      keyId: verifier.keyId.toString('hex'),
    };
  }

  @Get('public-keys')
  @ApiOperation({
    summary: 'Every key that has signed this log, with the tree sizes each may sign, and the hand-overs (rotations) both keys signed',
  })
  @ApiResponse({
    status: 200,
    description:
      '{ origin, keys: [{ publicKeyPem, fingerprint, verifierKey, validFromTreeSize, validUntilTreeSize, current }], rotations }',
  })
  async publicKeys() {
    const { rotations } = await readSignedRecords(this.log);
    const trusted = new TrustedKeys([this.key.publicKey]);
    trusted.learnRotations(rotations);
    return {
      origin: this.config.logOrigin,
      keys: trusted.all.map((key) => ({
        publicKeyPem: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        fingerprint: fingerprintOf(key.publicKey),
        verifierKey: noteVerifier(this.config.logOrigin, ED25519_SIGNATURE, key.publicKey).vkey,
        validFromTreeSize: key.fromTreeSize,
        validUntilTreeSize: key.untilTreeSize ?? null,
        current: fingerprintOf(key.publicKey) === this.key.fingerprint,
      })),
      rotations,
    };
  }

  @Get('checkpoints')
  @ApiOperation({ summary: 'Signed checkpoints of the whole log (C2SP tlog-checkpoint notes), newest first, with witness cosignatures' })
  @ApiResponse({
    status: 200,
    description:
      '{ origin, checkpoints: [{ origin, treeSize, rootHash, createdAt, keyFingerprint, note, cosignatures: [{ witness, timestamp }] }], next: { beforeTreeSize } or null }: an empty list before the first checkpoint',
  })
  @ApiResponse({
    status: 400,
    description:
      'The query is not valid (errors names each field): limit not a whole number from 1 to 100, beforeTreeSize not one from 1, or an unknown parameter',
  })
  @ApiResponse({ status: 503, description: 'This process keeps no tree: checkpoints and proofs are served by the audit service' })
  async checkpoints(@Query() query: CheckpointsQueryDto) {
    const heads = (await this.signedHeads()).filter((head) => query.beforeTreeSize === undefined || head.treeSize < query.beforeTreeSize);
    const page = heads.slice(0, query.limit ?? 20);
    const cosignatures = await this.cosignatures();
    return {
      origin: this.config.logOrigin,
      checkpoints: page.map((head) => this.present(head, cosignatures)),
      next: heads.length > page.length ? { beforeTreeSize: page[page.length - 1].treeSize } : null,
    };
  }

  @Get('checkpoint')
  @ApiOperation({ summary: 'The newest signed checkpoint; ?format=note for the bare signed note (with cosignature lines)' })
  @ApiResponse({
    status: 200,
    description:
      '{ origin, treeSize, rootHash, createdAt, keyFingerprint, note, cosignatures: [{ witness, timestamp }] }; ?format=note: the signed note alone, with its cosignature lines (text/plain)',
  })
  @ApiResponse({ status: 400, description: 'The query is not valid: format not json or note, or an unknown parameter' })
  @ApiResponse({ status: 404, description: 'The hub has not signed a checkpoint of this log yet' })
  @ApiResponse({ status: 503, description: 'This process keeps no tree: checkpoints and proofs are served by the audit service' })
  async checkpoint(@Query() query: CheckpointFormatDto, @Res({ passthrough: true }) response: Response) {
    const [newest] = await this.signedHeads();
    if (!newest) throw new NotFoundException(problem(404, 'The hub has not signed a checkpoint of this log yet'));
    const presented = this.present(newest, await this.cosignatures());
    if (query.format === 'note') {
      response.type('text/plain; charset=utf-8');
      return presented.note;
    }
    return presented;
  }

  @Get('proofs/inclusion')
  @ApiOperation({ summary: 'RFC 9162 inclusion proof of a leaf (an event) in the tree of a signed checkpoint' })
  @ApiResponse({ status: 200, description: '{ leafIndex, treeSize, leafHash, rootHash, proof: [hex hashes] }' })
  @ApiResponse({
    status: 400,
    description:
      'The query is not valid (errors names each field): leafIndex missing or not a whole number from 0, treeSize not one from 1, or an unknown parameter',
  })
  @ApiResponse({ status: 404, description: 'No treeSize given, and the hub has not signed a checkpoint of this log yet' })
  @ApiResponse({ status: 422, description: 'treeSize is larger than the log, or leafIndex is not in a tree of treeSize leaves' })
  @ApiResponse({ status: 503, description: 'This process keeps no tree: checkpoints and proofs are served by the audit service' })
  async inclusion(@Query() query: InclusionQueryDto) {
    const tree = await this.tree();
    const treeSize = query.treeSize ?? (await this.newestSize());
    this.assertSize(tree, treeSize);
    if (query.leafIndex >= treeSize)
      throw new UnprocessableEntityException(problem(422, `Leaf ${query.leafIndex} is not in a tree of ${treeSize} leaves`));
    return {
      leafIndex: query.leafIndex,
      treeSize,
      leafHash: tree.leaf(query.leafIndex).toString('hex'),
      rootHash: tree.root(treeSize).toString('hex'),
      proof: hex(tree.inclusionProof(query.leafIndex, treeSize)),
    };
  }

  @Get('proofs/consistency')
  @ApiOperation({ summary: 'RFC 9162 consistency proof that the tree of `from` leaves is a prefix of the tree of `to` leaves' })
  @ApiResponse({ status: 200, description: '{ from, to, fromRoot, toRoot, proof: [hex hashes] }' })
  @ApiResponse({
    status: 400,
    description:
      'The query is not valid (errors names each field): from missing or not a whole number from 1, to not one from 1, or an unknown parameter',
  })
  @ApiResponse({ status: 404, description: 'No `to` given, and the hub has not signed a checkpoint of this log yet' })
  @ApiResponse({ status: 422, description: '`to` is larger than the log, or `from` is larger than `to`' })
  @ApiResponse({ status: 503, description: 'This process keeps no tree: checkpoints and proofs are served by the audit service' })
  async consistency(@Query() query: ConsistencyQueryDto) {
    const tree = await this.tree();
    const to = query.to ?? (await this.newestSize());
    this.assertSize(tree, to);
    if (query.from > to) throw new UnprocessableEntityException(problem(422, `from (${query.from}) must not be larger than to (${to})`));
    return {
      from: query.from,
      to,
      fromRoot: tree.root(query.from).toString('hex'),
      toRoot: tree.root(to).toString('hex'),
      proof: hex(tree.consistencyProof(query.from, to)),
    };
  }

  @Post('checkpoint/cosignatures')
  @HttpCode(201)
  @ApiOperation({
    summary:
      "A witness hands in its C2SP cosignature of one of the hub's checkpoints; accepted from the witnesses in HUB_WITNESS_KEYS only",
  })
  @ApiResponse({
    status: 201,
    description: 'Recorded: { origin, treeSize, rootHash, witnessKey, line, timestamp } (line: the cosignature line of the note)',
  })
  @ApiResponse({ status: 200, description: 'This cosignature was recorded already: the same answer, nothing recorded again' })
  @ApiResponse({
    status: 400,
    description: 'The body is not JSON { note }, note a string of at most 8192 characters and nothing else (errors names each field)',
  })
  @ApiResponse({ status: 409, description: 'The cosignature could not be recorded in the log' })
  @ApiResponse({
    status: 422,
    description:
      'Not a C2SP checkpoint note, not a checkpoint the hub signed (its size, root hash and origin), or it carries no valid cosignature from a witness in HUB_WITNESS_KEYS',
  })
  @ApiResponse({ status: 503, description: 'This process keeps no tree: checkpoints and proofs are served by the audit service' })
  async cosign(@Body() body: CosignatureDto, @Res({ passthrough: true }) response: Response) {
    let note;
    let checkpoint;
    try {
      note = parseNote(body.note);
      checkpoint = parseCheckpointText(note.text);
    } catch (error) {
      throw new UnprocessableEntityException(
        problem(422, `Not a C2SP checkpoint note: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
    const rootHash = checkpoint.rootHash.toString('hex');
    const head = (await this.signedHeads()).find((candidate) => candidate.treeSize === checkpoint.size && candidate.rootHash === rootHash);
    if (!head || checkpoint.origin !== head.origin)
      throw new UnprocessableEntityException(problem(422, `The hub signed no checkpoint of ${checkpoint.size} leaves with this root`));
    const cosigned = this.witnesses()
      .map((witness) => ({ witness, found: verifiedCosignature(note, witness) }))
      .find(({ found }) => found);
    if (!cosigned?.found)
      throw new UnprocessableEntityException(
        problem(422, 'The note carries no valid cosignature from a witness this hub trusts (HUB_WITNESS_KEYS)'),
      );
    const recorded: RecordedCosignature = {
      origin: checkpoint.origin,
      treeSize: checkpoint.size,
      rootHash,
      witnessKey: cosigned.witness.vkey,
      line: cosigned.found.line,
      timestamp: cosigned.found.timestamp,
    };
    if ((await this.cosignatures()).some((existing) => existing.line === recorded.line)) {
      response.status(200);
      return recorded;
    }
    try {
      await appendCosignature(this.log, recorded, cosigned.witness.name);
    } catch (error) {
      throw new ConflictException(
        problem(409, `The cosignature could not be recorded: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
    return recorded;
  }

  private present(head: SignedTreeHead, cosignatures: readonly RecordedCosignature[]) {
    const lines = cosignatures.filter((cosignature) => cosignature.treeSize === head.treeSize && cosignature.rootHash === head.rootHash);
    return {
      origin: head.origin,
      treeSize: head.treeSize,
      rootHash: head.rootHash,
      createdAt: head.createdAt,
      keyFingerprint: head.keyFingerprint,
      note: head.note + lines.map((cosignature) => cosignature.line).join(''),
      cosignatures: lines.map((cosignature) => ({ witness: cosignature.witnessKey.split('+')[0], timestamp: cosignature.timestamp })),
    };
  }

  /**
   * The tree heads this process's log verified (signed by a trusted key, matching the tree),
   * largest first: a record someone slipped into the store is never published.
   */
  private async signedHeads(): Promise<readonly SignedTreeHead[]> {
    const tree = await this.tree();
    await tree.catchUp();
    return tree.verifiedHeads;
  }

  /** The recorded cosignatures of the witnesses in HUB_WITNESS_KEYS that verify: nothing else is published. */
  private async cosignatures(): Promise<RecordedCosignature[]> {
    const witnesses = this.witnesses();
    const found: RecordedCosignature[] = [];
    for await (const event of this.log.iterateStream(COSIGNATURE_STREAM)) {
      // Read against its schema: a record that is not a cosignature is none (a later version is refused).
      const record = cosignatureOf(event);
      if (!record) continue;
      const witness = witnesses.find((candidate) => candidate.vkey === record.witnessKey);
      try {
        const text = checkpointText({ origin: record.origin, size: record.treeSize, rootHash: Buffer.from(record.rootHash, 'hex') });
        if (witness && verifiedCosignature(parseNote(`${text}\n${record.line}`), witness)) found.push(record);
      } catch {
        // a malformed record is not a cosignature
      }
    }
    return found;
  }

  private witnesses() {
    return this.config.witnessKeys ? this.config.witnessKeys.split(',').map(parseVerifierKey) : [];
  }

  private async newestSize(): Promise<number> {
    const [newest] = await this.signedHeads();
    if (!newest) throw new NotFoundException(problem(404, 'The hub has not signed a checkpoint of this log yet'));
    return newest.treeSize;
  }

  private async tree(): Promise<VerifiableLog> {
    if (!this.verifiable) throw new ServiceUnavailableException(problem(503, 'Proofs are served by the audit service'));
    await this.verifiable.whenIntact().catch(() => undefined);
    return this.verifiable;
  }

  private assertSize(tree: VerifiableLog, size: number): void {
    if (size > tree.size) throw new UnprocessableEntityException(problem(422, `The log has ${tree.size} leaves, fewer than ${size}`));
  }
}
