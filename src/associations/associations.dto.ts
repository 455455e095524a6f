import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { HasTextIn, LocalizedText, LongTextDto, ShortTextDto } from '../common/locale';
import { PageQueryDto } from '../common/pagination';
import { Trimmed } from '../common/validation';
import { REGION_CODES } from '../common/regions';
import { MEMBERSHIP_STATUSES, MembershipStatus } from './membership.state';

export const MAX_COMMISSION_BPS = 5000;

export class CreateAssociationDto {
  @ApiProperty({ type: ShortTextDto, example: { kk: 'Шымкент шеберлері қауымдастығы', ru: 'Ассоциация мастеров Шымкента', en: 'Shymkent Crafts Association' } })
  @IsDefined()
  @ValidateNested()
  @HasTextIn('kk', 'ru', 'en')
  @Type(() => ShortTextDto)
  name: ShortTextDto;

  @ApiPropertyOptional({ type: LongTextDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LongTextDto)
  description?: LongTextDto;

  @ApiProperty({ enum: REGION_CODES, example: 'shymkent' })
  @IsIn(REGION_CODES)
  region: string;

  @ApiProperty({ example: 'Шымкент' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  city: string;

  @ApiProperty({ minimum: 0, maximum: MAX_COMMISSION_BPS, example: 1000, description: 'basis points: 1000 = 10 %' })
  @IsInt()
  @Min(0)
  @Max(MAX_COMMISSION_BPS)
  commissionRateBps: number;
}

/** A PATCH: an absent field keeps its value; null is no value for a required field (400). */
export class UpdateAssociationDto extends PartialType(CreateAssociationDto, { skipNullProperties: false }) {}

export class AssociationListQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: REGION_CODES })
  @IsOptional()
  @IsIn(REGION_CODES)
  region?: string;
}

export class AssociationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: ShortTextDto }) name: LocalizedText;
  @ApiProperty({ type: LongTextDto }) description: LocalizedText;
  @ApiProperty() region: string;
  @ApiProperty() city: string;
  @ApiProperty() commissionRateBps: number;
  @ApiProperty() payoutsEnabled: boolean;
  @ApiProperty() createdAt: Date;
}

export class CreateHubDto {
  @ApiProperty({ example: 'Шымкент креативті хабы' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ example: 'ул. Казыбек би, 15' }) @IsString() @MinLength(1) @MaxLength(300) address: string;
  @ApiProperty({ example: 'Шымкент' }) @IsString() @MinLength(1) @MaxLength(100) city: string;
  @ApiPropertyOptional({ example: 'Пн–Сб 10:00–19:00' }) @IsOptional() @IsString() @MaxLength(200) openingHours?: string;
  @ApiPropertyOptional({ example: '+7 725 000 00 00' }) @IsOptional() @IsString() @MaxLength(40) phone?: string;
}

export class HubView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) associationId: string;
  @ApiProperty() name: string;
  @ApiProperty() address: string;
  @ApiProperty() city: string;
  @ApiProperty({ nullable: true, type: String }) openingHours: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
}

export class RequestMembershipDto {
  @ApiPropertyOptional({ description: 'a note to the association', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  message?: string;
}

export class MembershipDecisionDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  decision: 'approve' | 'reject';

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @Trimmed()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class RevokeMembershipDto {
  @ApiProperty({ maxLength: 1000 })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;
}

export class MembershipListQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: MEMBERSHIP_STATUSES })
  @IsOptional()
  @IsIn(MEMBERSHIP_STATUSES)
  status?: MembershipStatus;
}

export class MemberView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class MembershipView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) associationId: string;
  @ApiProperty({ enum: MEMBERSHIP_STATUSES }) status: MembershipStatus;
  @ApiProperty({ type: MemberView }) maker: MemberView;
  @ApiProperty({ nullable: true, type: String }) message: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) decidedAt: Date | null;
}
