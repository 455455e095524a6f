import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ListingView } from '../catalog/catalog.dto';
import { Locale, RequestLocale } from '../common/locale';
import { ApiPage } from '../common/openapi';
import { PageQueryDto } from '../common/pagination';
import { CurrentUser, Roles } from '../identity/auth.decorators';
import { AuthUser } from '../identity/roles';
import { ListingDecisionDto, ReviewItemView } from './moderation.dto';
import { ModerationService } from './moderation.service';

@ApiTags('moderation')
@ApiBearerAuth()
@Roles('moderator', 'association_admin', 'admin')
@Controller('moderation')
export class ModerationController {
  constructor(private readonly moderation: ModerationService) {}

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
}
