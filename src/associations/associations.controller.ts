import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiPage } from '../common/openapi';
import { Page } from '../common/pagination';
import { CurrentUser, Public, Roles } from '../identity/auth.decorators';
import { AuthUser } from '../identity/roles';
import {
  AssociationListQuery,
  AssociationView,
  CreateAssociationDto,
  CreateHubDto,
  HubView,
  MembershipDecisionDto,
  MembershipListQuery,
  MembershipView,
  RequestMembershipDto,
  RevokeMembershipDto,
  UpdateAssociationDto,
} from './associations.dto';
import { AssociationsService, toAssociationView, toHubView } from './associations.service';

@ApiTags('associations')
@ApiExtraModels(AssociationView, MembershipView)
@Controller()
export class AssociationsController {
  constructor(private readonly associations: AssociationsService) {}

  @Public()
  @Get('associations')
  @ApiPage(AssociationView)
  list(@Query() query: AssociationListQuery): Promise<Page<AssociationView>> {
    return this.associations.list(query);
  }

  @Public()
  @Get('associations/:id')
  @ApiOkResponse({ type: AssociationView })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<AssociationView> {
    return toAssociationView(await this.associations.get(id));
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post('associations')
  @ApiCreatedResponse({ type: AssociationView })
  async create(@Body() dto: CreateAssociationDto): Promise<AssociationView> {
    return toAssociationView(await this.associations.create(dto));
  }

  @ApiBearerAuth()
  @Roles('admin', 'association_admin')
  @Patch('associations/:id')
  @ApiOkResponse({ type: AssociationView })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateAssociationDto,
  ): Promise<AssociationView> {
    return toAssociationView(await this.associations.update(user, id, dto));
  }

  @ApiBearerAuth()
  @Roles('admin', 'association_admin')
  @Post('associations/:id/hubs')
  @ApiCreatedResponse({ type: HubView })
  async createHub(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateHubDto): Promise<HubView> {
    return toHubView(await this.associations.createHub(user, id, dto));
  }

  @Public()
  @Get('associations/:id/hubs')
  @ApiOkResponse({ type: HubView, isArray: true })
  async listHubs(@Param('id', ParseUUIDPipe) id: string): Promise<HubView[]> {
    return (await this.associations.listHubs(id)).map(toHubView);
  }

  @ApiBearerAuth()
  @Roles('maker')
  @Post('associations/:id/memberships')
  @ApiCreatedResponse({ type: MembershipView, description: '409 already_member or membership_pending' })
  requestMembership(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RequestMembershipDto,
  ): Promise<MembershipView> {
    return this.associations.requestMembership(user, id, dto.message);
  }

  @ApiBearerAuth()
  @Roles('admin', 'association_admin')
  @Get('associations/:id/memberships')
  @ApiPage(MembershipView)
  listMemberships(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: MembershipListQuery,
  ): Promise<Page<MembershipView>> {
    return this.associations.listMemberships(user, id, query);
  }

  @ApiBearerAuth()
  @Roles('admin', 'association_admin')
  @Post('associations/:id/memberships/:mid/decision')
  @HttpCode(200)
  @ApiOkResponse({ type: MembershipView })
  decide(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('mid', ParseUUIDPipe) mid: string,
    @Body() dto: MembershipDecisionDto,
  ): Promise<MembershipView> {
    return this.associations.decide(user, id, mid, dto.decision, dto.reason);
  }

  @ApiBearerAuth()
  @Roles('admin', 'association_admin')
  @Post('associations/:id/memberships/:mid/revoke')
  @HttpCode(200)
  @ApiOkResponse({ type: MembershipView })
  revoke(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('mid', ParseUUIDPipe) mid: string,
    @Body() dto: RevokeMembershipDto,
  ): Promise<MembershipView> {
    return this.associations.decide(user, id, mid, 'revoke', dto.reason);
  }

  @ApiBearerAuth()
  @Roles('maker')
  @Get('me/memberships')
  @ApiOkResponse({ type: MembershipView, isArray: true })
  myMemberships(@CurrentUser() user: AuthUser): Promise<MembershipView[]> {
    return this.associations.myMemberships(user);
  }
}
