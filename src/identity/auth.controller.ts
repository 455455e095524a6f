import { Body, Controller, Delete, ForbiddenException, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiCreatedResponse, ApiTags, ApiParam } from '@nestjs/swagger';
import { parseAcceptLanguage } from '../common/locale';
import { RateLimit } from '../common/rate-limit';
import { CurrentUser, Public, Roles } from './auth.decorators';
import { AuthResponse, GrantRolesDto, LoginDto, RefreshDto, RegisterDto, toUserView, UserView } from './auth.dto';
import { AuthService } from './auth.service';
import { IsIn, IsUUID } from 'class-validator';
import { AuthUser, Role, ROLES, SELF_ASSIGNABLE_ROLES } from './roles';
import { UsersService } from './users.service';

class UserRoleParams {
  @IsUUID() id: string;
  @IsIn(ROLES) role: Role;
}

@ApiTags('identity')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('auth/register')
  @ApiCreatedResponse({ type: AuthResponse })
  async register(@Body() dto: RegisterDto, @Headers('accept-language') acceptLanguage?: string): Promise<AuthResponse> {
    const roles = dto.roles ?? ['buyer'];
    const refused = roles.filter((r) => !SELF_ASSIGNABLE_ROLES.includes(r));
    if (refused.length) {
      throw new ForbiddenException({ error: 'role_not_self_assignable', message: `Roles ${refused.join(', ')} are granted by an admin` });
    }
    const locale = dto.locale ?? parseAcceptLanguage(acceptLanguage);
    const { user, ...tokens } = await this.auth.register({ ...dto, locale, roles });
    return { user: toUserView(user), ...tokens };
  }

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @RateLimit('login')
  @ApiOkResponse({ type: AuthResponse })
  async login(@Body() dto: LoginDto): Promise<AuthResponse> {
    const { user, ...tokens } = await this.auth.login(dto.email, dto.password);
    return { user: toUserView(user), ...tokens };
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  @RateLimit('login')
  @ApiOkResponse({ type: AuthResponse })
  async refresh(@Body() dto: RefreshDto): Promise<AuthResponse> {
    const { user, ...tokens } = await this.auth.refresh(dto.refreshToken);
    return { user: toUserView(user), ...tokens };
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: UserView })
  async me(@CurrentUser() user: AuthUser): Promise<UserView> {
    return toUserView(await this.users.findById(user.id));
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post('admin/users/:id/roles')
  @HttpCode(200)
  @ApiOkResponse({ type: UserView })
  async grantRoles(@CurrentUser() admin: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: GrantRolesDto): Promise<UserView> {
    return toUserView(await this.users.grantRoles(admin.id, id, dto.roles, dto.associationId));
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Delete('admin/users/:id/roles/:role')
  @ApiParam({ name: 'role', enum: ROLES })
  @ApiOkResponse({ type: UserView })
  @ApiParam({ name: 'id', format: 'uuid' })
  async revokeRole(@CurrentUser() admin: AuthUser, @Param() params: UserRoleParams): Promise<UserView> {
    return toUserView(await this.users.revokeRole(admin.id, params.id, params.role));
  }
}
