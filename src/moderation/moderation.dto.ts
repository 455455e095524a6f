import { ListingView } from '../catalog/catalog.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { Trimmed } from '../common/validation';

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

