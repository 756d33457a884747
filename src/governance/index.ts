export { createServerBlocks, type ServerBlock, type ServerBlocks } from './createServerBlocks.js';
export {
  blockMeta,
  createModeration,
  MAX_MODERATION_REASON,
  MAX_REPORT_TEXT,
  renderReport,
  reportEtag,
  type BlockState,
  type BlockView,
  type Moderation,
  type ModerationOptions,
  type NewReportInput,
  type ReportView,
  type Resolution,
} from './createModeration.js';
