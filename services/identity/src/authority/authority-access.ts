/** The platform's role rule, as the registry's services import it. */
export { assertRole } from '@yiti/platform';
