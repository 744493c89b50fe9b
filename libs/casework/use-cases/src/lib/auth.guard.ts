import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  ForbiddenException,
  HttpException,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { Principal, TokenRole, TokenStore } from '@escalation-hub/identity';
import type { Actor } from '@escalation-hub/casework-domain';
import { problem, RateLimiter } from '@escalation-hub/platform';

const ROLES_KEY = 'escalation-hub:roles';

/** The roles allowed to call an endpoint. Every /v1 endpoint names its roles. */
export const Roles = (...roles: TokenRole[]) => SetMetadata(ROLES_KEY, roles);

type AuthenticatedRequest = Request & { principal?: Principal };

/** The caller, as established by BearerAuthGuard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new UnauthorizedException(problem(401, 'No principal on the request'));
  return principal;
});

export function actorOf(principal: Principal): Actor {
  return principal.provider
    ? { id: principal.name, role: principal.role, provider: principal.provider }
    : { id: principal.name, role: principal.role };
}

/**
 * `Authorization: Bearer <token>` → principal (401 if missing, unknown or revoked) → the token's request
 * rate (429 with Retry-After beyond it) → role check (403).
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenStore,
    private readonly reflector: Reflector,
    private readonly rate: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthorizedException(problem(401, 'Send a bearer token: Authorization: Bearer <token>'));
    const principal = await this.tokens.authenticate(match[1]);
    if (!principal) throw new UnauthorizedException(problem(401, 'The bearer token is unknown or has been revoked'));
    request.principal = principal;
    const waitMs = this.rate.take(principal.tokenId);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
      throw new HttpException(
        problem(429, `This token sent more than ${this.rate.perSecond} requests a second; wait ${seconds} s and send again`),
        429,
      );
    }
    const allowed = this.reflector.getAllAndOverride<TokenRole[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]) ?? [];
    if (!allowed.includes(principal.role)) {
      throw new ForbiddenException(problem(403, `This endpoint is for ${allowed.join(', ')}; your token's role is ${principal.role}`));
    }
    return true;
  }
}
