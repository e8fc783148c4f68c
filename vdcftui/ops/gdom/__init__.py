"""Operations on guest domains (LDoms) on their control domains."""
