import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { CurrentUser } from '../identity/auth.decorators';
import { AuthUser } from '../identity/roles';
import { NotificationsService, NotificationView } from './notifications.service';

class InboxQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'only unread ones' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

class NotificationDto implements NotificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'order_paid_receipt' }) kind: string;
  @ApiProperty() subject: string;
  @ApiProperty({ description: 'plain text' }) text: string;
  @ApiProperty({ description: 'the same as HTML' }) html: string;
  @ApiProperty({ enum: ['kk', 'ru', 'en'] }) locale: string;
  @ApiProperty() read: boolean;
  @ApiProperty() createdAt: Date;
}

class InboxDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
  @ApiProperty({ description: 'unread in-app notifications in all' }) unreadCount: number;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOkResponse({ type: InboxDto })
  inbox(@CurrentUser() user: AuthUser, @Query() query: InboxQuery) {
    return this.notifications.inbox(user.id, query);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationDto })
  read(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<NotificationView> {
    return this.notifications.markRead(user.id, id);
  }
}
