import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Locale, LOCALES } from '../common/locale';
import { Role, ROLES } from './roles';

export class RegisterDto {
  @ApiProperty({ example: 'aigerim@example.kz' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 8, maxLength: 128 })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password: string;

  @ApiProperty({ example: 'Айгерім Сәрсенова' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ enum: LOCALES, description: 'defaults to the Accept-Language header, then ru' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ enum: ROLES, isArray: true, description: 'buyer and/or maker; other roles are granted by an admin (403)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];
}

export class LoginDto {
  @ApiProperty() @IsString() @MaxLength(254) email: string;
  @ApiProperty() @IsString() @MaxLength(128) password: string;
}

export class RefreshDto {
  @ApiProperty() @IsString() @MaxLength(200) refreshToken: string;
}

export class GrantRolesDto {
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiPropertyOptional({ format: 'uuid', description: 'for association_admin (required) and moderator (none: platform moderator)' })
  @IsOptional()
  @IsUUID()
  associationId?: string;
}

export class UserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: LOCALES }) locale: Locale;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) associationId: string | null;
  @ApiProperty() createdAt: Date;
}

export class AuthResponse {
  @ApiProperty({ type: UserView }) user: UserView;
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'single use: each refresh returns a new one' }) refreshToken: string;
  @ApiProperty({ description: 'access token lifetime in seconds' }) expiresIn: number;
}

export function toUserView(user: {
  id: string;
  email: string;
  name: string;
  locale: Locale;
  roles: Role[];
  associationId: string | null;
  createdAt: Date;
}): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    locale: user.locale,
    roles: user.roles,
    associationId: user.associationId,
    createdAt: user.createdAt,
  };
}
