import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CouncilTables } from './council-tables.js';
import { AgendaMaterial } from './entities/index.js';

/** Agenda items' materials: `council_agenda_material`. */
@Injectable()
export class MaterialsRepository extends CouncilTables {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  async insertMaterial(row: Partial<AgendaMaterial>, em?: EntityManager): Promise<AgendaMaterial> {
    const result = await this.m(em).getRepository(AgendaMaterial).insert(row);
    const id = (result.identifiers[0] as { id: string }).id;
    return (await this.m(em).getRepository(AgendaMaterial).findOneBy({ id }))!;
  }

  material(sittingId: string, itemId: string, id: string): Promise<AgendaMaterial | null> {
    return this.db.getRepository(AgendaMaterial).findOneBy({ id, itemId, sessionId: sittingId });
  }

  materials(sittingId: string, em?: EntityManager): Promise<AgendaMaterial[]> {
    return this.m(em)
      .getRepository(AgendaMaterial)
      .find({ where: { sessionId: sittingId }, order: { uploadedAt: 'ASC', id: 'ASC' } });
  }
}
