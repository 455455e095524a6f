import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { Environment } from '../config/environment';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { UsersService } from './users.service';

/** Users, roles and tokens: the services, without HTTP routes. */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => ({
        secret: config.get('JWT_SECRET', { infer: true }),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [UsersService, AuthService],
  exports: [UsersService, AuthService],
})
export class IdentityCoreModule {}

/**
 * Identity with its HTTP routes and the passport JWT strategy (the API); the worker and
 * CLI use IdentityCoreModule. (Passport strategies are process-global by name.)
 */
@Module({
  imports: [IdentityCoreModule, PassportModule],
  controllers: [AuthController],
  providers: [JwtStrategy],
  exports: [IdentityCoreModule],
})
export class IdentityModule {}
