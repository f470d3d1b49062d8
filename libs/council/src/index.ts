export * from './council.module.js';
export { CouncilService } from './council.service.js';
export { COUNCIL_ERRORS } from './council.errors.js';
export { quorum, requiredFor, voteResult, moreThanHalf } from './rules.js';
export * from './entities/index.js';
export { seedDemoCommittees, DEMO_COMMITTEES } from './bodies.service.js';
