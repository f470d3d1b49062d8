export * from './council.module.js';
export { CouncilService } from './council.service.js';
export { CouncilErrors } from './council.errors.js';
export { quorum, requiredFor, voteResult, moreThanHalf } from './rules.js';
export * from './entities/index.js';
export { seedDemoCommittees, seedDemoCouncil, DEMO_COMMITTEES, DEMO_COUNCIL_SEATS } from './bodies.service.js';
