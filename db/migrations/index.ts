import type { Knex } from 'knex';
import * as initialSchema from './001_initial_schema';
import * as peopleAndTasks from './002_people_and_tasks';
import * as disconnectionSettings from './003_disconnection_settings';
import * as disconnectionOutcomes from './004_disconnection_outcomes';
import * as applicationsAndUrging from './005_applications_and_urging';
import * as outboxClaimsAndOutcomeNumbers from './006_outbox_claims_and_outcome_numbers';
import * as policyVersions from './007_policy_versions';
import * as taskTexts from './008_task_texts';
import * as eventChain from './009_event_chain';
import * as auditSearch from './010_audit_search';
import * as inboxSearch from './011_inbox_search';
import * as disconnectionOrders from './012_disconnection_orders';
import * as taskExcludedPeople from './013_task_excluded_people';
import * as repair from './014_repair';
import * as repairPhotos from './015_repair_photos';
import * as repairUrges from './016_repair_urges';
import * as repairProgress from './017_repair_progress';
import * as repairIndexes from './019_repair_indexes';
import * as repairCalls from './020_repair_calls';
import * as repairDeviceMap from './021_repair_device_map';
import * as telephony from './022_telephony';
import * as relocation from './023_relocation';
import * as repairCrews from './024_repair_crews';
import * as ratingsRevisits from './025_ratings_revisits';
import * as revisitReportIndexes from './026_revisit_report_indexes';
import * as revisitReopen from './027_revisit_reopen';
import * as smsSenders from './028_sms_senders';
import * as surveyRequests from './029_survey_requests';

/**
 * Migrations are listed here rather than discovered on disk, so they load the same way
 * under tsx, jest and a bundler.
 */
const migrations: Record<string, Knex.Migration> = {
  '001_initial_schema': initialSchema,
  '002_people_and_tasks': peopleAndTasks,
  '003_disconnection_settings': disconnectionSettings,
  '004_disconnection_outcomes': disconnectionOutcomes,
  '005_applications_and_urging': applicationsAndUrging,
  '006_outbox_claims_and_outcome_numbers': outboxClaimsAndOutcomeNumbers,
  '007_policy_versions': policyVersions,
  '008_task_texts': taskTexts,
  '009_event_chain': eventChain,
  '010_audit_search': auditSearch,
  '011_inbox_search': inboxSearch,
  '012_disconnection_orders': disconnectionOrders,
  '013_task_excluded_people': taskExcludedPeople,
  '014_repair': repair,
  '015_repair_photos': repairPhotos,
  '016_repair_urges': repairUrges,
  '017_repair_progress': repairProgress,
  '019_repair_indexes': repairIndexes,
  '020_repair_calls': repairCalls,
  '021_repair_device_map': repairDeviceMap,
  '022_telephony': telephony,
  '023_relocation': relocation,
  '024_repair_crews': repairCrews,
  '025_ratings_revisits': ratingsRevisits,
  '026_revisit_report_indexes': revisitReportIndexes,
  '027_revisit_reopen': revisitReopen,
  '028_sms_senders': smsSenders,
  '029_survey_requests': surveyRequests,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`Unknown migration ${name}`);
    return migration;
  },
};
