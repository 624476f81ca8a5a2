import { LABS } from '../../../common/labs';
import { PAGES } from '../features/pages';
import { useStore } from '../store';
import { focusMainHeading } from './focusMainHeading';

export function Sidebar() {
  const route = useStore((s) => s.route);
  const navigate = useStore((s) => s.navigate);
  return (
    <nav className="sidebar" aria-label="Labs">
      <ul>
        {/* Every page of common/labs that is ready and has its page in features/pages.tsx. */}
        {LABS.filter((lab) => lab.ready && PAGES[lab.id]).map((lab) => (
          <li key={lab.id}>
            <a
              href={`#/${lab.id}`}
              aria-current={route === lab.id ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                navigate(lab.id);
                // Keyboard users land in the new page, not back at the top of the sidebar.
                focusMainHeading();
              }}
            >
              {lab.title}
            </a>
          </li>
        ))}
      </ul>
      <a className="muted docs-link" href="/api/docs" target="_blank" rel="noreferrer">
        API docs ↗
      </a>
    </nav>
  );
}
