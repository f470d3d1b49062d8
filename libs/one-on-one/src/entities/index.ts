import { Absence } from './absence.entity.js';
import { OneOnOneRequestRow } from './one-on-one-request.entity.js';
import { PersonBusy } from './person-busy.entity.js';
import { WorkingHours } from './working-hours.entity.js';

export { Absence, OneOnOneRequestRow, PersonBusy, WorkingHours };
export const ONE_ON_ONE_ENTITIES = [WorkingHours, Absence, PersonBusy, OneOnOneRequestRow];
