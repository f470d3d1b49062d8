/** The poller lives in the platform (the retention job uses it too); re-exported for the schedule. */
export { Poller } from '@egov-box/platform';
