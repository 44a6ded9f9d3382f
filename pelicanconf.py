"""Settings for the portal. Editors may change the values marked "editable";
everything else describes how the site is put together.

`make build CONTENT=… OUTPUT=…` overrides PATH and OUTPUT_PATH without editing this file.
"""

from __future__ import annotations

# --- Who we are (editable) -------------------------------------------------
SITENAME = "Money Safety Guide"  # shown in the header and in page titles
ORGANISATION = "Consumer Protection Office, Example Bank"  # footer, print footer, leaflets
SITE_DESCRIPTION = (  # meta description for pages without a Summary
    "Plain advice on scams, credit reports and your rights as a bank customer."
)
SITEURL = ""  # empty for local builds; publishconf.py sets the public address
PUBLIC_SITEURL = "https://portal.example.org"  # QR codes and print always use this absolute address
TIMEZONE = "Asia/Shanghai"  # outlet opening hours and "today" are in this zone
DEFAULT_LANG = "en"
REVIEW_MAX_AGE_DAYS = 365  # a "Reviewed" date older than this gives a warning

# Where to get help: shown on every article and on printed pages (editable).
CUSTOMER_SERVICE = {
    "name": "Our customer service",
    "phone": "400-000-0000",  # placeholder: put the bank's real customer-service number here
    "hours": "Every day, 8:00 to 20:00",
    "complaint_address": "Consumer Protection Office, Example Bank, 1 Example Road, Beijing",
}
HOTLINES = [  # public hotlines, in the order readers should think of them
    {"phone": "110", "name": "Police emergency", "use": "You are in danger or have just been robbed or cheated."},
    {
        "phone": "96110",
        "name": "Anti-fraud warning line",
        "use": "Advice on a possible scam. Answer it when it calls you.",
    },
    {
        "phone": "12363",
        "name": "People's Bank of China consumer hotline",
        "use": "Complaints we did not resolve (working days).",
    },
]

# --- Languages (editable) ------------------------------------------------------
# The main language is the site root; each other language with content gets /<code>/.
LANGUAGES = {
    "en": {"name": "English", "html_lang": "en"},
    "zh": {"name": "中文", "html_lang": "zh-Hans"},
}
# What the Chinese site says where settings hold words (theme text is in theme/translations/).
I18N_SETTINGS = {
    "zh": {
        "SITENAME": "金融安全指南",
        "ORGANISATION": "示例银行消费者权益保护办公室",
        "SITE_DESCRIPTION": "防范诈骗、个人征信和金融消费者权利的通俗说明。",
        "CUSTOMER_SERVICE": {
            "name": "我行客服热线",
            "phone": "400-000-0000",
            "hours": "每天 8:00 至 20:00",
            "complaint_address": "北京市示例路1号 示例银行消费者权益保护办公室",
        },
        "HOTLINES": [
            {"phone": "110", "name": "报警电话", "use": "遇到危险，或刚被抢、被骗。"},
            {"phone": "96110", "name": "反诈预警劝阻专线", "use": "咨询可能的骗局。这个号码打来时请接听。"},
            {"phone": "12363", "name": "中国人民银行金融消费权益保护咨询投诉电话", "use": "我们没有解决的投诉（工作日）。"},
        ],
        "TOPICS": {
            "fraud": {"title": "防范诈骗", "intro": "常见骗局怎么骗人、要注意哪些信号、发现后马上怎么做。"},
            "credit": {"title": "个人征信", "intro": "怎样查询信用报告、纠正错误，以及识别“征信修复”骗局。"},
            "rights": {"title": "您的权利", "intro": "金融消费者的八项权利，以及出了问题怎样投诉。"},
        },
        "AUDIENCES": {
            "everyone": "所有人",
            "older-people": "老年人",
            "young-people": "年轻人",
            "rural": "农村居民",
            "small-business": "小微企业主",
        },
    },
}

# --- Topics and audiences (the allowed values editors may use) -------------
TOPICS = {
    "fraud": {
        "title": "Scams and fraud",
        "intro": "How the most common scams work, the signs to look for, and what to do at once.",
    },
    "credit": {
        "title": "Your credit record",
        "intro": "How to get your credit report, correct a mistake and avoid credit-repair scams.",
    },
    "rights": {
        "title": "Your rights",
        "intro": "The eight rights of financial consumers and how to complain when something goes wrong.",
    },
}
AUDIENCES = {
    "everyone": "Everyone",
    "older-people": "Older people",
    "young-people": "Young people",
    "rural": "People in rural areas",
    "small-business": "Small businesses",
}
URGENT_TOPIC = "fraud"  # the home page opens with the newest articles of this topic
URGENT_COUNT = 3
LATEST_COUNT = 6
RELATED_COUNT = 3

# --- Content ----------------------------------------------------------------
PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
PICTURE_WIDTHS = [480, 800, 1344]  # photo widths (px) made for phones and desktops; 1344 = a sharp 42rem column
IGNORE_FILES = [".*", "*.csv", "__pycache__"]
SLUGIFY_SOURCE = "basename"  # the file name is the URL: editing a title never breaks a printed QR code
# x.zh.md (or x-zh.md) is the Chinese translation of x.md, at /zh/…/x/: the i18n plugin sets PATH_METADATA and
# the slug from the file name with the same rule as the content checks (content_contract/translations.py).
ARTICLE_TRANSLATION_ID = "slug"
PAGE_TRANSLATION_ID = "slug"
READERS = {"rst": None}  # content is Markdown only; the unused reST reader would warn "no localization for 'zh'"

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.admonition": {},
        "markdown.extensions.attr_list": {},
        "markdown.extensions.tables": {},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

# --- URLs: stable forever, printed QR codes point at them --------------------
ARTICLE_URL = "{topic}/{slug}/"
ARTICLE_SAVE_AS = "{topic}/{slug}/index.html"
ARTICLE_LANG_URL = "{lang}/{topic}/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/{topic}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
CATEGORY_URL = "{slug}/"  # topic hubs
CATEGORY_SAVE_AS = "{slug}/index.html"
AUDIENCE_URL = "for/{audience}/"
AUDIENCE_SAVE_AS = "for/{audience}/index.html"
# Drafts are never written: an address on the public server would be public (the public_only plugin
# drops hidden articles too). Preview a draft by setting Status: published on your own copy.
DRAFT_URL = DRAFT_SAVE_AS = DRAFT_LANG_URL = DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_URL = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_URL = DRAFT_PAGE_LANG_SAVE_AS = ""
INDEX_SAVE_AS = "index.html"
# Pages Pelican would make by default but this site does not have.
TAG_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ARCHIVES_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "404"]
PAGINATED_TEMPLATES: dict[str, int | None] = {}
DEFAULT_PAGINATION = False
TEMPLATE_PAGES: dict[str, str] = {}
FEED_ALL_ATOM = "feeds/all.atom.xml"  # every article, newest first
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"  # one feed per topic (topics are Pelican categories)
FEED_DOMAIN = PUBLIC_SITEURL  # feeds name absolute addresses (the discovery plugin follows --siteurl)
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- Theme and plugins --------------------------------------------------------
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "content_contract",  # checks every article and page first; typed metadata for templates
    "reading",  # Markdown rendered on every core before Pelican reads it (BUILD_WORKERS)
    "public_only",  # drafts, hidden articles, private files and outside links never reach the site
    "portal_context",  # topics, audiences, related articles, home-page lists
    "i18n",  # one run per language (/zh/…), translated theme text and dates, hreflang links
    "pictures",  # images/: sizes and WebP variants for <img>, no location data in published copies
    "safe_links",  # links in articles and pages that leave the site get rel="noopener noreferrer"
    "outlets",  # outlets.csv → /outlets/ locator, a page per outlet, outlets.json and .geojson
    "contacts",  # official-contacts.csv, warnings.csv → /check/ "Is it really us?" (checked in the browser only)
    "leaflets",  # printable PDFs of "Leaflet: yes" articles, outlet packs, the /leaflets/ catalogue
    "campaigns",  # content/campaigns/ → /campaigns/<slug>/: schedule, calendar, outlet packs, results
    "discovery",  # canonical, Open Graph, JSON-LD, feeds in <head>; sitemap.xml and robots.txt
    "render_cache",  # a page is rendered again only when something it shows has changed (faster rebuilds)
    "search",  # the /search/ page and its Pagefind index (built after every page is written)
    "publish",  # PUBLISH_OPTIMISE: fingerprinted CSS/JS, minified files, .gz/.br beside each text file
]
JINJA_ENVIRONMENT = {  # theme text is marked for translation with _() / ngettext()
    "extensions": ["jinja2.ext.i18n"],
    "autoescape": True,  # data (titles, CSV text) is always shown as text; only rendered Markdown is |safe
    "trim_blocks": True,
    "lstrip_blocks": True,
}
DATE_FORMATS = {"en": "%-d %B %Y"}
DEFAULT_DATE_FORMAT = "%-d %B %Y"
# The browser may load only what the site itself serves (plus map tiles).
# 'wasm-unsafe-eval' lets site search compile Pagefind's WebAssembly; it allows no JavaScript eval.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: https://tile.openstreetmap.org; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)

# --- Outlet locator (content/outlets.csv) ---------------------------------------
OUTLET_MAP_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"  # map background; its host must be in img-src above
OUTLET_MAP_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'  # credit shown on maps
OUTLET_NEAREST_COUNT = 3  # how many nearest other outlets each outlet page lists
OUTLET_COUNTRY = "CN"  # ISO country code in the outlets' schema.org addresses
# Up to this many outlets each outlet's leaflet pack is published as a whole PDF; with more, one shared
# pack base per language and each outlet's small update, joined on the outlet's page (docs/publishing.md).
OUTLET_PACKS_WHOLE_UP_TO = 200

# --- Build ------------------------------------------------------------------------
CACHE_CONTENT = True  # reuse parsed Markdown between builds (Pelican's content cache)
LOAD_CONTENT_CACHE = True  # only a cache sealed on this machine is loaded (content_contract/cache_seal.py)
CHECK_MODIFIED_METHOD = "md5"  # a file counts as changed by its bytes: an edit keeping its mtime is seen
GZIP_CACHE = False  # a few MB more on disk; loading and saving the cache costs half a second less per build
DELETE_OUTPUT_DIRECTORY = False  # the build writes a fresh staging folder anyway
RELATIVE_URLS = False
