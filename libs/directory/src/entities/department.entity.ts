import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A unit of the municipality (the mayor's office, the council, a directorate). */
@Entity('department')
@Unique('UQ_department_code', ['code'])
export class Department {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_department' })
  id!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
