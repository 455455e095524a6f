import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListingView } from '../catalog/catalog.dto';
import { Locale, RequestLocale } from '../common/locale';
import { ApiPage } from '../common/openapi';
import { PageQueryDto } from '../common/pagination';
import { CurrentUser, Roles } from '../identity/auth.decorators';
import { AuthUser } from '../identity/roles';
import { AuditLogQuery } from './audit-log.query';
import { FlagsService } from './flags.service';
import {
  AuditEntryView,
  AuditLogQueryDto,
  CreateFlagDto,
  FlagsQueryDto,
  FlagView,
  LiftSuspensionDto,
  ListingDecisionDto,
  ModerationFlagView,
  ResolveFlagDto,
  ReviewItemView,
  SuspendShopDto,
  SuspensionsQueryDto,
  SuspensionView,
} from './moderation.dto';
import { ModerationService } from './moderation.service';
import { SuspensionsService } from './suspensions.service';

/**
 * The moderators' desk. Scope is decided by the services, in one rule (identity/roles.ts
 * `moderationScope`): whatever lies outside a moderator's scope answers 404.
 */
@ApiTags('moderation')
@ApiBearerAuth()
@Roles('moderator', 'association_admin', 'admin')
@Controller('moderation')
export class ModerationController {
  constructor(
    private readonly moderation: ModerationService,
    private readonly flags: FlagsService,
    private readonly suspensions: SuspensionsService,
    private readonly auditLog: AuditLogQuery,
  ) {}

  @Get('queue')
  @ApiPage(ReviewItemView)
  queue(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto, @RequestLocale() locale: Locale) {
    return this.moderation.queue(user, query, locale);
  }

  @Post('listings/:id/decision')
  @HttpCode(200)
  @ApiOkResponse({ type: ListingView })
  decide(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ListingDecisionDto,
    @RequestLocale() locale: Locale,
  ) {
    return this.moderation.decide(user, id, dto.decision, dto.reason, locale);
  }

  @Get('flags')
  @ApiOperation({ summary: 'Flags on listings in scope: open ones oldest first, resolved ones newest first' })
  @ApiPage(ModerationFlagView)
  listFlags(@CurrentUser() user: AuthUser, @Query() query: FlagsQueryDto, @RequestLocale() locale: Locale) {
    return this.flags.list(user, query, locale);
  }

  @Post('flags/:id/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: "Resolves every open flag on the flag's listing: dismiss, remove the listing, or remove it and suspend the shop" })
  @ApiOkResponse({ type: ModerationFlagView })
  resolveFlag(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ResolveFlagDto,
    @RequestLocale() locale: Locale,
  ) {
    return this.flags.resolve(user, id, dto, locale);
  }

  @Get('suspensions')
  @ApiOperation({ summary: 'Shop suspensions in scope, newest first' })
  @ApiPage(SuspensionView)
  listSuspensions(@CurrentUser() user: AuthUser, @Query() query: SuspensionsQueryDto) {
    return this.suspensions.list(user, { limit: query.limit, cursor: query.cursor, inForce: query.status === 'in_force' });
  }

  @Post('shops/:id/suspend')
  @ApiOperation({ summary: "Suspends a shop: its listings leave the catalogue, checkout refuses it, its payouts wait" })
  @ApiCreatedResponse({ type: SuspensionView })
  suspend(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SuspendShopDto) {
    return this.suspensions.suspend(user, id, dto.reason);
  }

  @Post('shops/:id/lift-suspension')
  @HttpCode(200)
  @Roles('association_admin', 'admin')
  @ApiOperation({ summary: "Lifts a shop's suspension (admin, or the association's admin): what it hid comes back" })
  @ApiOkResponse({ type: SuspensionView })
  lift(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: LiftSuspensionDto) {
    return this.suspensions.lift(user, id, dto.note);
  }

  @Get('audit-log')
  @ApiOperation({ summary: 'The append-only audit log in scope, newest first' })
  @ApiPage(AuditEntryView)
  audit(@CurrentUser() user: AuthUser, @Query() query: AuditLogQueryDto) {
    return this.auditLog.page(user, query);
  }
}

/** Reporting a listing: anyone signed in. */
@ApiTags('moderation')
@ApiBearerAuth()
@Controller('listings')
export class FlagsController {
  constructor(private readonly flags: FlagsService) {}

  @Post(':id/flags')
  @ApiOperation({ summary: 'Flags a published listing (one open flag per user and listing; 409 for a second)' })
  @ApiCreatedResponse({ type: FlagView })
  create(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateFlagDto) {
    return this.flags.create(user, id, dto);
  }
}
