// The instructor's shadow page (/instructor/workshops/{id}/shadow/{learner}): its one job is live.js's.
import { startShadow } from './live.js';

startShadow();
