import { Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Environment } from '../config/environment';
import { Locale } from '../common/locale';
import { RefreshToken } from './refresh-token.entity';
import { Role } from './roles';
import { User } from './user.entity';
import { UsersService } from './users.service';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface AccessTokenClaims {
  sub: string;
  typ: 'access';
}

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Registration, login and refresh-token rotation. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly config: ConfigService<Environment, true>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async register(input: { email: string; password: string; name: string; locale: Locale; roles: Role[] }) {
    const user = await this.users.create(input);
    return { user, ...(await this.issue(user, randomUUID())) };
  }

  async login(email: string, password: string) {
    const user = await this.users.verifyCredentials(email, password);
    if (!user) throw new UnauthorizedException({ error: 'invalid_credentials', message: 'Wrong e-mail or password' });
    return { user, ...(await this.issue(user, randomUUID())) };
  }

  /**
   * Rotates a refresh token: the presented one is marked used by a conditional update
   * (so two concurrent refreshes cannot both succeed) and a successor in the same
   * family is issued. A token that was already used is a sign of theft: the whole
   * family is revoked and the caller must log in again.
   */
  async refresh(presented: string) {
    const invalid = () => new UnauthorizedException({ error: 'invalid_refresh_token', message: 'Refresh token is invalid, expired or already used' });
    const [id, secret] = presented.split('.');
    if (!id || !secret || !/^[0-9a-f-]{36}$/.test(id)) throw invalid();

    const outcome = await this.dataSource.transaction(async (manager) => {
      const token = await manager.findOne(RefreshToken, { where: { id } });
      if (!token || !sameHash(token.secretHash, hashSecret(secret))) return null;
      if (token.revokedAt || token.expiresAt <= new Date()) return null;
      const claimed = await manager.update(RefreshToken, { id, usedAt: IsNull(), revokedAt: IsNull() }, { usedAt: new Date() });
      if (!claimed.affected) {
        await manager.update(RefreshToken, { familyId: token.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
        return 'reused' as const;
      }
      const user = await this.users.findById(token.userId, manager);
      return { user, tokens: await this.issue(user, token.familyId, manager) };
    });
    if (!outcome || outcome === 'reused') throw invalid();
    return { user: outcome.user, ...outcome.tokens };
  }

  private async issue(user: User, familyId: string, manager: EntityManager = this.dataSource.manager): Promise<TokenPair> {
    const expiresIn = this.config.get('JWT_ACCESS_TTL_SECONDS', { infer: true });
    const accessToken = await this.jwt.signAsync({ sub: user.id, typ: 'access' } satisfies AccessTokenClaims, { expiresIn });
    const secret = randomBytes(32).toString('base64url');
    const days = this.config.get('REFRESH_TOKEN_TTL_DAYS', { infer: true });
    const token = await manager.save(
      manager.create(RefreshToken, {
        userId: user.id,
        familyId,
        secretHash: hashSecret(secret),
        expiresAt: new Date(Date.now() + days * 86_400_000),
      }),
    );
    return { accessToken, refreshToken: `${token.id}.${secret}`, expiresIn };
  }

  /** Deletes refresh tokens that can no longer be used (run by the worker). */
  async purgeExpiredRefreshTokens(): Promise<number> {
    const result = await this.dataSource.query(
      `DELETE FROM refresh_tokens WHERE expires_at < now() - interval '1 day' OR revoked_at < now() - interval '1 day'`,
    );
    return result[1] ?? 0;
  }
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
