export {
  checkTrustLevel,
  createServerGovernance,
  governanceEtag,
  isOwnerAmong,
  MAX_OWNERS,
  type GovernanceWrite,
  type OwnerView,
  type ServerGovernance,
  type ServerGovernanceOptions,
  type ServerGovernanceView,
} from './serverGovernance.js';
