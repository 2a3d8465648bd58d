/** The zh catalogue: one JSON file per console area (namespace), so that areas are edited apart. */
import shell from './shell.json';
import nav from './nav.json';
import auth from './auth.json';
import notFound from './notFound.json';
import ui from './ui.json';
import cluster from './cluster.json';
import producers from './producers.json';
import settings from './settings.json';
import alerts from './alerts.json';
import audit from './audit.json';
import overview from './overview.json';
import topics from './topics.json';
import messages from './messages.json';
import groups from './groups.json';
import dlq from './dlq.json';
import replay from './replay.json';
import jobs from './jobs.json';

export default { shell, nav, auth, notFound, ui, cluster, producers, settings, alerts, audit, overview, topics, messages, groups, dlq, replay, jobs };
