"""Apple Podcasts' category list: the one home of the names (the config checks a
podcast's categories against it, the validator every ``itunes:category``).

From Apple Podcasts Connect's category list (the 2019 revision, current), and the
names Apple used before it, which Apple still reads but no longer offers.
"""

from __future__ import annotations

CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": (
        "Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit",
    ),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": (
        "Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality",
    ),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
        "Home & Garden", "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News", "Daily News", "Entertainment News", "News Commentary", "Politics",
        "Sports News", "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality",
    ),
    "Science": (
        "Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
        "Natural Sciences", "Nature", "Physics", "Social Sciences",
    ),
    "Society & Culture": (
        "Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships",
    ),
    "Sports": (
        "Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey",
        "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}  # fmt: skip
# Apple's list before its 2019 revision: still read, no longer offered.
OLD_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Literature",),
    "Business": ("Business News", "Management & Marketing", "Shopping"),
    "Education": ("Education", "Educational Technology", "Higher Education", "K-12",
                  "Language Courses", "Training"),
    "Games & Hobbies": ("Automotive", "Aviation", "Hobbies", "Other Games", "Video Games"),
    "Government & Organizations": ("Local", "National", "Non-Profit", "Regional"),
    "Health": ("Alternative Health", "Fitness & Nutrition", "Self-Help", "Sexuality"),
    "News & Politics": (),
    "Religion & Spirituality": ("Other",),
    "Science & Medicine": ("Medicine", "Natural Sciences", "Social Sciences"),
    "Society & Culture": ("History",),
    "Sports & Recreation": ("Amateur", "College & High School", "Outdoor", "Professional"),
    "Technology": ("Gadgets", "Tech News", "Podcasting", "Software How-To"),
}  # fmt: skip


def is_category(name: str, subcategory: str | None = None) -> bool:
    """True when ``name`` (and ``subcategory`` under it, if given) is on Apple's list."""
    if name not in CATEGORIES:
        return False
    return subcategory is None or subcategory in CATEGORIES[name]
