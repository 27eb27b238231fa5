"""The office's pages (office vaults only): 汇总 (summary_page.py) and, from other branches, 规划, 部署, 督办."""
