import { useEffect } from 'react';
import { useStore } from '../../store';
import { byCurriculum } from './drills-slice';
import { BarChart, MeterRows } from './charts';
import { percent } from './format';

/** Progress: reviews per day, retention, the due forecast and mastery per topic. */
export function StatsView() {
  const stats = useStore((s) => s.drillStats);
  const load = useStore((s) => s.loadDrillStats);
  useEffect(() => {
    void load();
  }, [load]);
  if (!stats) return <p className="muted">Loading stats…</p>;
  return (
    <div data-testid="drill-stats">
      <p>
        <strong>{stats.reviewedCards}</strong> of {stats.totalCards} cards reviewed · <strong>{stats.dueNow}</strong>{' '}
        due now · {stats.totalReviews} reviews · retention <strong>{percent(stats.retention)}</strong> (answers not
        rated “again”){' '}
        <button type="button" className="small" onClick={() => void load()}>
          Refresh
        </button>
      </p>
      <div className="grid">
        <BarChart
          title="Reviews per day (last 30 days; “again” in the warning colour)"
          unit="reviews"
          bars={stats.reviewsPerDay.map((d) => ({ label: d.day.slice(5), value: d.reviews, part: d.again }))}
        />
        <BarChart
          title="Due forecast (next 14 days; today includes overdue cards)"
          unit="cards"
          bars={stats.forecast.map((d) => ({ label: d.day.slice(5), value: d.due }))}
        />
      </div>
      <MeterRows
        title="Mastery per topic (cards FSRS expects you to remember for a week or more), cards seen, and the share of reviews not rated “again”"
        rows={[...stats.topics].sort(byCurriculum).map((t) => ({
          label: `${t.curriculum.join(',')}. ${t.title}`,
          value: t.mastery,
          note: `${percent(t.mastery)} · ${t.reviewed}/${t.cards} seen · kept ${percent(t.retention)}`,
        }))}
      />
    </div>
  );
}
