import { LABS } from '../../../common/labs';
import { useStore } from '../store';

/** A page the navigation declares but the app does not have yet (a deep link such as `#/instructor/revoke`). */
export function NotBuiltPage() {
  const route = useStore((s) => s.route);
  const navigate = useStore((s) => s.navigate);
  const title = LABS.find((lab) => lab.id === route)?.title ?? route;
  return (
    <section>
      <h1>{title}</h1>
      <p role="status">
        The {title} is not built yet: this link has nothing to open. The labs in the sidebar are all ready.
      </p>
      <button type="button" onClick={() => navigate('overview')}>
        Go to the Overview
      </button>
    </section>
  );
}
