"""Settings for the load benchmark: the production settings plus one bare view to compare against."""

from grensloos.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
