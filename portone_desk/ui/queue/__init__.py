"""The 할 일 tab: work queues with counts, customer search and acting on a ticked list."""
