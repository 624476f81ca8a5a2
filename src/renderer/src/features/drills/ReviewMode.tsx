import { useEffect } from 'react';
import { useStore } from '../../store';
import { LastReview, ReviewCard } from './ReviewCard';

/** Flashcards: question → think or type → reveal both answers with key points hit/missed → rate (FSRS). */
export function ReviewMode({ topic }: { topic: string }) {
  const queue = useStore((s) => s.drillQueue);
  const loadQueue = useStore((s) => s.loadDrillQueue);
  const last = useStore((s) => s.lastDrillReview);
  useEffect(() => {
    void loadQueue(topic ? [topic] : []);
  }, [topic, loadQueue]);
  const card = queue?.[0];
  return (
    <div>
      <p className="muted small-text" data-testid="shortcuts">
        Keys: <kbd>Space</kbd> reveal (or <kbd>Ctrl</kbd>+<kbd>Enter</kbd> while typing) · <kbd>1</kbd> again ·{' '}
        <kbd>2</kbd> hard · <kbd>3</kbd> good · <kbd>4</kbd> easy
      </p>
      {last && <LastReview due={last.due} rating={last.rating} />}
      {queue && !card && (
        <p className="card" data-testid="queue-empty">
          Nothing is due{topic ? ' in this topic' : ''}. Come back later, or move the lab clock forward to see the
          schedule at work.
        </p>
      )}
      {card && (
        <ReviewCard
          key={card.id}
          card={card}
          queueLength={queue.length}
          onRefresh={() => void loadQueue(topic ? [topic] : [])}
        />
      )}
    </div>
  );
}
