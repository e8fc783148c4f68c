"""Operations: discovery, plans, jobs."""
