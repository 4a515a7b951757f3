import { registerHumanContactSource } from '../../segments';
import { reachedTaskContactSource } from './reached-task.contact-source';

// Tasks' contribution to the segment catalogue (docs/segments.md "Conditions from other modules"):
// a reached task is a human contact. Registered when tasks.module.ts is loaded.
registerHumanContactSource(reachedTaskContactSource);
