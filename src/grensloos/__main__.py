from grensloos.cli import main

main()
