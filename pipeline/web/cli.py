"""`python -m pipeline web` and `python -m pipeline users …` (registered by pipeline/cli.py).

    python -m pipeline users add NAME --role reviewer|checker|admin [--display-name 张三] [--password-stdin]
    python -m pipeline users passwd NAME [--password-stdin]
    python -m pipeline users disable NAME | enable NAME | list
    python -m pipeline rounds add NAME --period 2025-01-01..2025-12-31 --review-date 2026-03-31 --deadline 2026-04-30
    python -m pipeline rounds list
    python -m pipeline web [--host 127.0.0.1] [--port 8000] [--secure-cookies]

The store is the one of JINSHAN_STORE_URL / JINSHAN_DATA_DIR (pipeline.store.config). Passwords are read from
a prompt (twice) or, with --password-stdin, from the first line of standard input; never from arguments.
"""

from __future__ import annotations

import getpass
import sys


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码：")
    if getpass.getpass("再次输入密码：") != first:
        raise SystemExit("两次输入的密码不一致")
    return first


def cmd_users(args) -> int:
    from pipeline.store import accounts, open_store

    store = open_store()
    try:
        if args.users_command == "list":
            for u in accounts.list_users(store):
                print(f"{u.username}\t{u.display_name}\t{u.role}\t{'active' if u.active else 'disabled'}")
        elif args.users_command == "add":
            u = accounts.create_user(store, args.name, _password(args), role=args.role,
                                     display_name=args.display_name, actor="cli")
            print(f"已创建用户 {u.username}（{u.display_name}，{u.role}）")
        elif args.users_command == "passwd":
            accounts.set_password(store, args.name, _password(args), actor="cli")
            print(f"已重设 {args.name} 的密码，其所有登录会话已结束")
        elif args.users_command in ("disable", "enable"):
            accounts.set_active(store, args.name, args.users_command == "enable", actor="cli")
            print(f"已{'启用' if args.users_command == 'enable' else '停用'}用户 {args.name}")
    except accounts.AccountError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    finally:
        store.dispose()
    return 0


def cmd_rounds(args) -> int:
    from pipeline.store import open_store, rounds

    store = open_store()
    try:
        if args.rounds_command == "add":
            r = rounds.create_round(store, args.name, period_start=args.period.start, period_end=args.period.end,
                                    review_date=args.review_date, deadline=args.deadline, notice=args.notice,
                                    actor="cli")
            print(f"已新建申报批次 {r.id}：{r.name}")
        else:
            for r in rounds.list_rounds(store):
                print(f"{r.id}\t{r.name}\t{r.period_start}..{r.period_end}\t{r.review_date}\t{r.deadline}")
    except rounds.RoundError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    finally:
        store.dispose()
    return 0


def cmd_web(args) -> int:
    import uvicorn

    from pipeline.store import open_store
    from pipeline.web import WebSettings, create_app

    settings = WebSettings()
    if args.secure_cookies:
        settings.secure_cookies = True
    app = create_app(open_store(), settings)
    print(f"审核工作台：http://{args.host}:{args.port}/ （Ctrl+C 停止）", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", proxy_headers=args.proxy_headers,
                server_header=False)
    return 0


def add_parsers(sub) -> None:
    p = sub.add_parser("web", help="the reviewers' workspace in the browser")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--secure-cookies", action="store_true", help="mark cookies Secure (when served over HTTPS)")
    p.add_argument("--proxy-headers", action="store_true", help="trust X-Forwarded-* from a reverse proxy")
    p.set_defaults(func=cmd_web)

    p = sub.add_parser("users", help="accounts of the web workspace")
    us = p.add_subparsers(dest="users_command", required=True)
    a = us.add_parser("add", help="create an account")
    a.add_argument("name")
    a.add_argument("--role", choices=["reviewer", "checker", "admin"], default="reviewer",
                   help="reviewer 初审, checker 复核 (and 初审 of other cases), admin (decides and signs nothing)")
    a.add_argument("--display-name", help="the name shown on pages and forms (default: NAME)")
    a.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    a = us.add_parser("passwd", help="set a new password (ends the user's sessions)")
    a.add_argument("name")
    a.add_argument("--password-stdin", action="store_true")
    for name in ("disable", "enable"):
        a = us.add_parser(name, help=f"{name} an account")
        a.add_argument("name")
    us.add_parser("list", help="list accounts")
    p.set_defaults(func=cmd_users)

    from pipeline.cli import _date, _period

    p = sub.add_parser("rounds", help="application rounds (申报批次): the period, review date and deadline of a notice")
    rs = p.add_subparsers(dest="rounds_command", required=True)
    a = rs.add_parser("add", help="create a round")
    a.add_argument("name")
    a.add_argument("--period", type=_period, required=True, help="declaration period YYYY-MM-DD..YYYY-MM-DD")
    a.add_argument("--review-date", type=_date, required=True, help="the drafts' as-of date")
    a.add_argument("--deadline", type=_date, required=True, help="review to be finished by")
    a.add_argument("--notice", help="the notice's title and number")
    rs.add_parser("list", help="list rounds")
    p.set_defaults(func=cmd_rounds)
