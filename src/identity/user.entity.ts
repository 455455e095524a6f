import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Locale } from '../common/locale';
import { Role } from './roles';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased; unique. */
  @Column({ type: 'text', unique: true })
  email: string;

  @Column({ type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: 'ru' })
  locale: Locale;

  @Column({ type: 'text', array: true, default: () => "'{buyer}'" })
  roles: Role[];

  /** The association a scoped role (association_admin, moderator) acts for. */
  @Column({ type: 'uuid', nullable: true })
  associationId: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
