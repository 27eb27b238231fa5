"""The office's pages (巡察办 vaults only): 规划 (plan_page.py), 部署 (deploy_page.py), 汇总 (summary_page.py)
and 督办; docs/office.md."""
