"""The development set the eval runs on: all of it may be read, labelled and tuned against.

ECB+ topics 23-45 are held out for benchmarks and smoke runs and are never labelled.
"""

DEMO = tuple(f"demo-{number:02d}" for number in range(1, 11))
SEEDS = tuple(f"seeds/{number:03d}" for number in range(5))
# Topics with figures, dates and names: bank bomb, pirates, office shooting, earthquakes.
ECBPLUS_TOPICS = (8, 12, 18, 20)
