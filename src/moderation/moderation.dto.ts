import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { ListingView } from '../catalog/catalog.dto';
import { LISTING_STATUSES, ListingStatus } from '../catalog/listing.state';
import { PageQueryDto } from '../common/pagination';
import { Trimmed } from '../common/validation';
import { AUDIT_ACTIONS, AUDIT_TARGETS, AuditAction, AuditTargetType } from './audit-log';

export class ListingDecisionDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  decision: 'approve' | 'reject';

  @ApiPropertyOptional({ description: 'required when rejecting: the maker sees it', maxLength: 2000 })
  @ValidateIf((o: ListingDecisionDto) => o.decision === 'reject' || o.reason !== undefined)
  @Trimmed()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason?: string;
}

export class ReviewItemView {
  @ApiProperty({ enum: ['new_listing', 'revision'] }) kind: 'new_listing' | 'revision';
  @ApiProperty({ nullable: true, type: Date }) submittedAt: Date | null;
  @ApiProperty({ type: ListingView, description: 'as the moderator sees it, with pendingRevision for edits' }) listing: ListingView;
}


export const FLAG_REASONS = ['counterfeit', 'prohibited', 'offensive', 'intellectual_property', 'misleading', 'other'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];
export const FLAG_ACTIONS = ['dismiss', 'remove_listing', 'suspend_shop'] as const;
export type FlagAction = (typeof FLAG_ACTIONS)[number];
export const FLAG_STATUSES = ['open', 'resolved'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

export class CreateFlagDto {
  @ApiProperty({ enum: FLAG_REASONS })
  @IsIn(FLAG_REASONS)
  reason: FlagReason;

  @ApiPropertyOptional({ maxLength: 2000, description: 'what the reporter saw; required when the reason is "other"' })
  @ValidateIf((o: CreateFlagDto) => o.reason === 'other' || o.details !== undefined)
  @Trimmed()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  details?: string;
}

export class ResolveFlagDto {
  @ApiProperty({ enum: FLAG_ACTIONS, description: "applies to every open flag on the flag's listing" })
  @IsIn(FLAG_ACTIONS)
  action: FlagAction;

  @ApiProperty({ minLength: 3, maxLength: 2000, description: 'kept in the audit log; the maker sees it when the listing is removed or the shop suspended' })
  @Trimmed()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  note: string;
}

export class FlagsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: FLAG_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(FLAG_STATUSES)
  status: FlagStatus = 'open';

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  listingId?: string;
}

export class FlaggedListingView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: LISTING_STATUSES }) status: ListingStatus;
  @ApiProperty({ description: 'distinct users with an open flag on it now' }) openFlags: number;
  @ApiProperty({ type: Object, description: '{id, slug, name, status}' }) shop: { id: string; slug: string; name: string; status: string };
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) associationId: string | null;
}

export class FlagView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: FLAG_REASONS }) reason: FlagReason;
  @ApiProperty({ nullable: true, type: String }) details: string | null;
  @ApiProperty({ enum: FLAG_STATUSES }) status: FlagStatus;
  @ApiProperty({ nullable: true, enum: FLAG_ACTIONS }) resolution: FlagAction | null;
  @ApiProperty({ nullable: true, type: String }) resolutionNote: string | null;
  @ApiProperty({ nullable: true, type: Date }) resolvedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ format: 'uuid' }) listingId: string;
}

/** A flag as moderators see it: with its listing; the reporter by id only. */
export class ModerationFlagView extends FlagView {
  @ApiProperty({ format: 'uuid' }) reporterId: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) resolvedBy: string | null;
  @ApiProperty({ type: FlaggedListingView }) listing: FlaggedListingView;
}

export class SuspendShopDto {
  @ApiProperty({ minLength: 3, maxLength: 2000, description: 'the maker sees it' })
  @Trimmed()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason: string;
}

export class LiftSuspensionDto {
  @ApiProperty({ minLength: 3, maxLength: 2000 })
  @Trimmed()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  note: string;
}

export class SuspensionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['in_force', 'all'], default: 'in_force' })
  @IsOptional()
  @IsIn(['in_force', 'all'])
  status: 'in_force' | 'all' = 'in_force';
}

export class SuspensionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: Object, description: '{id, slug, name, status}' }) shop: { id: string; slug: string; name: string; status: string };
  @ApiProperty() reason: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) flagId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) suspendedBy: string | null;
  @ApiProperty() suspendedAt: Date;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) liftedBy: string | null;
  @ApiProperty({ nullable: true, type: Date }) liftedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) liftNote: string | null;
}

export class AuditLogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS }) @IsOptional() @IsIn(AUDIT_ACTIONS) action?: AuditAction;
  @ApiPropertyOptional({ enum: AUDIT_TARGETS }) @IsOptional() @IsIn(AUDIT_TARGETS) targetType?: AuditTargetType;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() targetId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'platform moderators and admins: one association only' })
  @IsOptional()
  @IsUUID()
  associationId?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'from this moment, inclusive' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'before this moment' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
}

export class AuditEntryView {
  @ApiProperty({ description: 'increasing with time' }) id: string;
  @ApiProperty() at: Date;
  @ApiProperty({ nullable: true, type: Object, description: '{id, name}; null: the system' }) actor: { id: string; name: string } | null;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action: AuditAction;
  @ApiProperty({ type: Object, description: '{type, id}' }) target: { type: AuditTargetType; id: string };
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) associationId: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: Object }) before: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: Object }) after: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: Object }) details: Record<string, unknown> | null;
}
