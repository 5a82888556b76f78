"""Pure ranking: hard filters, feature scores, the weighted rerank and its explanation."""
from matcher.ranking.score import RankConfig, Scored, eligible_job, score_pair

__all__ = ["RankConfig", "Scored", "eligible_job", "score_pair"]
