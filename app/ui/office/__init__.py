"""The office's pages (巡察办 vaults only): 规划 (plan_page.py) and 部署 (deploy_page.py); docs/office.md."""
