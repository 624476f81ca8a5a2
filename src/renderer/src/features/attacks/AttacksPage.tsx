import { useEffect } from 'react';
import { useStore } from '../../store';
import { AttackList } from './AttackList';
import { CatalogueFilterBar } from './CatalogueFilterBar';
import { filterAttacks, hashOf, queryFromHash, type CatalogueFilters } from './catalogue';
import { ProgressSummary } from './ProgressSummary';
import { SelfCheckPanel } from './SelfCheckPanel';
import { WalkthroughPanel } from './WalkthroughPanel';

/** The filters and the open attack live in the URL (`#/attacks?lab=…&attack=…`), so a link or a reload lands on them. */
function useCatalogueQuery() {
  useEffect(() => {
    const read = () => {
      const { filters, open } = queryFromHash(window.location.hash);
      useStore.setState({ catalogueFilters: filters, openAttack: open });
    };
    read();
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, []);
  return {
    setFilters: (change: Partial<CatalogueFilters>) => {
      const { catalogueFilters, setCatalogueFilters } = useStore.getState();
      setCatalogueFilters(change);
      // Replaced, not pushed: a filter change is no page to go back to.
      window.history.replaceState(null, '', hashOf({ filters: { ...catalogueFilters, ...change }, open: null }));
    },
    // Opening an attack is a new entry in the history, so Back returns to the list.
    openAttack: (id: string | null) => {
      window.location.hash = hashOf({ filters: useStore.getState().catalogueFilters, open: id });
    },
  };
}

/** Every attack of every lab, the learner's progress, the hands-on walkthroughs and the self-check of every defence. */
export function AttacksPage() {
  const catalogue = useStore((s) => s.catalogue);
  const filters = useStore((s) => s.catalogueFilters);
  const openId = useStore((s) => s.openAttack);
  const resetProgress = useStore((s) => s.resetProgress);
  const { setFilters, openAttack } = useCatalogueQuery();
  useEffect(() => {
    void useStore.getState().loadCatalogue();
  }, []);
  const open = catalogue?.attacks.find((a) => a.id === openId);
  if (open) return <WalkthroughPanel attack={open} onClose={() => openAttack(null)} />;
  const shown = catalogue ? filterAttacks(catalogue.attacks, filters) : [];
  return (
    <>
      <h1>Attack catalogue</h1>
      <p className="lead">
        Every attack in the lab. Open one to do it by hand: each step turns green when the server sees it happen. Reach
        the goal with the defence off (exploited), then see the same attempt refused with it on (blocked).
      </p>
      <ProgressSummary>
        <p>
          <button
            type="button"
            className="small"
            disabled={!catalogue}
            onClick={() => {
              if (
                window.confirm(
                  'Reset your attack progress? Every attack goes back to "not tried". The lab is unchanged.',
                )
              )
                void resetProgress();
            }}
          >
            Reset progress
          </button>
        </p>
      </ProgressSummary>
      <h2>
        Attacks{' '}
        {catalogue && (
          <span className="muted small-text" data-testid="catalogue-count">
            {shown.length} of {catalogue.attacks.length}
          </span>
        )}
      </h2>
      <CatalogueFilterBar onChange={setFilters} />
      {catalogue ? <AttackList attacks={shown} onOpen={openAttack} /> : <p className="muted">Loading the catalogue…</p>}
      <SelfCheckPanel />
    </>
  );
}
