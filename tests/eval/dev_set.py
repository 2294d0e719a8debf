"""The development set the eval runs on: all of it may be read, labelled and tuned against.

ECB+ topics 23-45 are held out for benchmarks and smoke runs and are never labelled.
"""

DEMO = tuple(f"demo-{number:02d}" for number in range(1, 11))
SEEDS = tuple(f"seeds/{number:03d}" for number in range(5))
# Every development topic of ECB+ (there are no topics 15 and 17); 23-45 are held out.
ECBPLUS_TOPICS = tuple(topic for topic in range(1, 23) if topic not in (15, 17))
