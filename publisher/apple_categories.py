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
# Apple's earlier lists (2005 to 2019): still read by apps, no longer offered.
OLD_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Literature",),
    "Arts & Entertainment": ("Architecture", "Design", "Entertainment", "Games", "Performing Arts",
                             "Photography", "Poetry", "Science Fiction"),
    "Audio Blogs": (),
    "Business": ("Business News", "Careers", "Finance", "Investing", "Management & Marketing",
                 "News", "Shopping"),
    "Comedy": (),
    "Education": ("Education", "Education Technology", "Educational Technology",
                  "Higher Education", "K-12", "Language Courses", "Training"),
    "Family": (),
    "Food": (),
    "Games & Hobbies": ("Automotive", "Aviation", "Hobbies", "Other Games", "Video Games"),
    "Government & Organizations": ("Local", "National", "Non-Profit", "Regional"),
    "Health": ("Alternative Health", "Diet & Nutrition", "Fitness", "Fitness & Nutrition",
               "Relationships", "Self-Help", "Sexuality"),
    "International": ("Australian", "Belgian", "Brazilian", "Canadian", "Chinese", "Dutch",
                      "French", "German", "Hebrew", "Italian", "Japanese", "Norwegian", "Polish",
                      "Portuguese", "Spanish", "Swedish"),
    "Movies & Television": (),
    "News & Politics": (),
    "Politics": (),
    "Public Radio": (),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Islam", "Judaism", "New Age",
                                "Philosophy", "Other", "Spirituality"),
    "Science & Medicine": ("Medicine", "Natural Sciences", "Social Sciences"),
    "Society & Culture": ("History",),
    "Sports & Recreation": ("Amateur", "College & High School", "Outdoor", "Professional"),
    "Talk Radio": (),
    "Technology": ("Computers", "Developers", "Gadgets", "Information Technology", "News",
                   "Operating Systems", "Podcasting", "Smart Phones", "Software How-To",
                   "Tech News", "Text/Speech"),
    "Transportation": ("Automotive", "Aviation", "Bicycles", "Commuting"),
    "Travel": (),
}  # fmt: skip


def is_category(name: str, subcategory: str | None = None) -> bool:
    """True when ``name`` (and ``subcategory`` under it, if given) is on Apple's list."""
    if name not in CATEGORIES:
        return False
    return subcategory is None or subcategory in CATEGORIES[name]
